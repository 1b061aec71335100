using Strongroom.Core.Policy;

namespace Strongroom.Core.Tests.Policy;

/// <summary>Invalid policies: every error names the path and field at fault.</summary>
public sealed class PolicyParserErrorTests
{
    [Theory]
    [InlineData("path \"secret/*\" { capabilities = [\"reed\"] }", "path \"secret/*\": invalid capability \"reed\"")]
    [InlineData("path \"secret/*\" { capabilities = \"read\" }", "path \"secret/*\": capabilities must be a list of strings")]
    [InlineData("path \"a\" { capabilities = [1] }", "path \"a\": capabilities must be a list of strings")]
    [InlineData("path \"a\" { policy = \"admin\" }", "path \"a\": invalid policy")]
    [InlineData("path \"a\" { capabilites = [\"read\"] }", "path \"a\": invalid key \"capabilites\"")]
    [InlineData("path \"a/+*\" { capabilities = [\"read\"] }", "path \"a/+*\": invalid use of wildcards")]
    [InlineData("path \"a\" { min_wrapping_ttl = \"soon\" }", "path \"a\": invalid min_wrapping_ttl")]
    [InlineData("path \"a\" {\n min_wrapping_ttl = \"10m\"\n max_wrapping_ttl = \"1m\"\n}", "path \"a\": max_wrapping_ttl cannot be less than min_wrapping_ttl")]
    [InlineData("path \"a\" { allowed_parameters = [\"x\"] }", "path \"a\": allowed_parameters must be a map")]
    [InlineData("path \"a\" { allowed_parameters = { x = \"y\" } }", "path \"a\": allowed_parameters: parameter \"x\" must be a list")]
    [InlineData("path \"a\" { allowed_parameters = { \"x*\" = [] } }", "path \"a\": allowed_parameters: parameter key \"x*\" cannot contain non-tail wildcards")]
    [InlineData("path \"a\" { allowed_parameters = { \"*\" = [\"v\"] } }", "path \"a\": allowed_parameters: the only value allowed for \"*\" is []")]
    [InlineData("path \"a\" { denied_parameters = { \"/ptr\" = [] } }", "path \"a\": denied_parameters: JSON-pointer parameter keys")]
    [InlineData("path \"a\" { allowed_parameters = { \"X\" = [], \"x\" = [] } }", "path \"a\": allowed_parameters: parameter \"x\" is defined more than once")]
    [InlineData("path \"a\" { required_parameters = [\"*\"] }", "path \"a\": required_parameters: parameter key \"*\": wildcard is not permitted")]
    [InlineData("path \"a\" { control_group = { ttl = \"1h\" } }", "path \"a\": \"control_group\" is not supported")]
    [InlineData("path \"a\" { mfa_methods = [\"m\"] }", "path \"a\": \"mfa_methods\" is not supported")]
    [InlineData("paths \"a\" { capabilities = [\"read\"] }", "invalid block \"paths\"")]
    [InlineData("path { capabilities = [\"read\"] }", "needs exactly one label")]
    [InlineData("path \"a\" \"b\" { capabilities = [\"read\"] }", "needs exactly one label")]
    [InlineData("other = 1", "invalid top-level key \"other\"")]
    [InlineData("path \"a\" { capabilities = [\"read\" }", "failed to parse policy: 1:35: expected ',' or ']', found '}'")]
    [InlineData("{\"path\": {\"a\": \"read\"}}", "path \"a\": rule must be an object")]
    [InlineData("{\"path\": \"a\"}", "\"path\" must be an object")]
    [InlineData("{\"name\": 5}", "\"name\" must be a string")]
    [InlineData("{\"path\": {\"a\": {\"capabilities\": [\"read\"]}", "invalid JSON at line 1")]
    public void Parse_InvalidPolicy_ThrowsNamingTheProblem(string text, string fragment)
    {
        var ex = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", text));

        Assert.Contains(fragment, ex.Message);
        Assert.StartsWith("failed to parse policy: ", ex.Message);
    }

    [Fact]
    public void Parse_InvalidJson_DoesNotEchoInput()
    {
        var marker = "fake-" + Guid.NewGuid().ToString("N");

        var ex = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", "{\"path\": {\"" + marker + "\" oops"));

        Assert.DoesNotContain(marker, ex.Message);
    }
}
