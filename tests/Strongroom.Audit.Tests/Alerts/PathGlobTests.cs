namespace Strongroom.Audit.Tests;

public sealed class PathGlobTests
{
    [Theory]
    [InlineData("secret/*", "secret/data/a/b", true)]
    [InlineData("secret/*", "secrets/x", false)]
    [InlineData("kv.*", "kv.written", true)]
    [InlineData("kv.*", "lease.expiring", false)]
    [InlineData("sys/audit", "sys/audit/file", false)]
    [InlineData("sys/?olicy/*", "sys/policy/a", true)]
    [InlineData("*", "", true)]
    public void Matches_Pattern_MatchesExpected(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, PathGlob.Matches(pattern, text));
    }
}
