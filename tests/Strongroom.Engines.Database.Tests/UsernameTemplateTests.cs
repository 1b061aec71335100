namespace Strongroom.Engines.Database.Tests;

public sealed class UsernameTemplateTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Render_Default_MatchesVaultsShape()
    {
        var name = UsernameTemplate.Render(UsernameTemplate.Default, "userpass-alice", "readonly-role", Now);
        Assert.Matches("^v-userpass-readonly-[A-Za-z0-9]{20}-1700000000$", name);
        Assert.True(name.Length <= 63);
    }

    [Theory]
    [InlineData("{{.RoleName | uppercase}}", "APP")]
    [InlineData("{{ .DisplayName | replace \"-\" \"_\" }}", "tok_en")]
    [InlineData("x-{{- \" y \" -}}-z", "x- y -z")]
    [InlineData("{{printf \"%s.%s\" .RoleName (.DisplayName | truncate 3)}}", "app.tok")]
    [InlineData("{{unix_time}}", "1700000000")]
    [InlineData("{{ .RoleName | truncate_sha256 10 }}", "app")]
    [InlineData("{{ `raw` }}", "raw")]
    public void Render_Functions(string template, string expected) =>
        Assert.Equal(expected, UsernameTemplate.Render(template, "tok-en", "app", Now));

    [Theory]
    [InlineData("{{ nosuch }}")]
    [InlineData("{{ .Nope }}")]
    [InlineData("{{ random }}")]
    [InlineData("{{ .RoleName ")]
    [InlineData("{{ printf \"%q\" .RoleName }}")]
    public void Render_Invalid_Throws(string template) =>
        Assert.Throws<FormatException>(() => UsernameTemplate.Render(template, "t", "r", Now));
}
