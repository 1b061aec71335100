using Strongroom.Auth.Common;

namespace Strongroom.Auth.Tests.Common;

public sealed class GlobTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("dev-*", "dev-api", true)]
    [InlineData("dev-*", "prod-api", false)]
    [InlineData("*-agent", "ml-agent", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXcYYb", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void IsMatch_GoGlobSemantics(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(pattern, value));
    }
}
