using System.Text.Json.Nodes;
using Strongroom.Core.Policy;

namespace Strongroom.Core.Tests.Policy;

public sealed class PolicyParserTests
{
    [Fact]
    public void Parse_HclPolicy_ReadsEveryField()
    {
        const string text = """
            # Vault docs example plus every field
            path "secret/*" {
              capabilities = ["create", "read", "update", "patch", "delete", "list"]
            }

            path "/secret/restricted" {
              capabilities        = ["create", "sudo"]
              allowed_parameters  = {
                "foo" = []
                "Bar" = ["zip", "zap"]
              }
              denied_parameters   = { "baz" = ["*-prod"] }
              required_parameters = ["foo"]
              min_wrapping_ttl    = "1s"
              max_wrapping_ttl    = 90
            }
            """;

        var policy = PolicyParser.Parse("my-policy", text);

        Assert.Equal("my-policy", policy.Name);
        Assert.Equal(text, policy.Raw);
        Assert.Equal(2, policy.Paths.Count);
        var glob = policy.Paths[0];
        Assert.Equal("secret/*", glob.Pattern);
        Assert.Equal("secret/", glob.MatchPath);
        Assert.True(glob.IsPrefix);
        Assert.False(glob.HasSegmentWildcards);
        Assert.Equal(
            AclCapabilities.Create | AclCapabilities.Read | AclCapabilities.Update | AclCapabilities.Patch | AclCapabilities.Delete | AclCapabilities.List,
            glob.Capabilities);
        Assert.Null(glob.AllowedParameters);

        var restricted = policy.Paths[1];
        Assert.Equal("secret/restricted", restricted.Pattern);
        Assert.False(restricted.IsPrefix);
        Assert.Equal(AclCapabilities.Create | AclCapabilities.Sudo, restricted.Capabilities);
        Assert.Empty(restricted.AllowedParameters!["foo"]);
        Assert.Equal(["zip", "zap"], restricted.AllowedParameters!["bar"].Select(v => v!.GetValue<string>()));
        Assert.Equal("*-prod", restricted.DeniedParameters!["baz"][0]!.GetValue<string>());
        Assert.Equal(["foo"], restricted.RequiredParameters);
        Assert.Equal(TimeSpan.FromSeconds(1), restricted.MinWrappingTtl);
        Assert.Equal(TimeSpan.FromSeconds(90), restricted.MaxWrappingTtl);
    }

    [Fact]
    public void Parse_JsonPolicy_EqualsHclEquivalent()
    {
        const string json = """
            {
              "path": {
                "secret/foo": { "capabilities": ["read", "list"] },
                "secret/+/teamb": { "capabilities": ["update"], "allowed_parameters": { "*": [] } }
              }
            }
            """;
        const string hcl = """
            path "secret/foo" { capabilities = ["read", "list"] }
            path "secret/+/teamb" {
              capabilities = ["update"]
              allowed_parameters = { "*" = [] }
            }
            """;

        var fromJson = PolicyParser.Parse("j", json);
        var fromHcl = PolicyParser.Parse("h", hcl);

        Assert.Equal(fromHcl.Paths.Select(Describe), fromJson.Paths.Select(Describe));
        Assert.True(fromJson.Paths[1].HasSegmentWildcards);
        Assert.False(fromJson.Paths[1].IsPrefix);
    }

    [Fact]
    public void Parse_JsonPathAsListOfObjects_IsAccepted()
    {
        var policy = PolicyParser.Parse("p", """{"path": [{"a/b": {"capabilities": ["read"]}}, {"c/*": {"policy": "write"}}]}""");

        Assert.Equal(["a/b", "c/*"], policy.Paths.Select(p => p.Pattern));
    }

    [Fact]
    public void Parse_SamePathTwice_KeepsBothRules()
    {
        var policy = PolicyParser.Parse("p", "path \"a\" { capabilities = [\"read\"] }\npath \"a\" { capabilities = [\"list\"] }\n");

        Assert.Equal(2, policy.Paths.Count);
        Assert.All(policy.Paths, p => Assert.Equal("a", p.Pattern));
    }

    [Theory]
    [InlineData("deny", AclCapabilities.Deny)]
    [InlineData("read", AclCapabilities.Read | AclCapabilities.List)]
    [InlineData("write", AclCapabilities.Create | AclCapabilities.Read | AclCapabilities.Update | AclCapabilities.Delete | AclCapabilities.List)]
    [InlineData("sudo", AclCapabilities.Create | AclCapabilities.Read | AclCapabilities.Update | AclCapabilities.Delete | AclCapabilities.List | AclCapabilities.Sudo)]
    public void Parse_LegacyPolicyField_MapsToCapabilities(string legacy, AclCapabilities expected)
    {
        var policy = PolicyParser.Parse("p", $"path \"secret/*\" {{ policy = \"{legacy}\" }}");

        Assert.Equal(expected, policy.Paths[0].Capabilities);
    }

    [Fact]
    public void Parse_LegacyPolicyPlusCapabilities_AreCombined()
    {
        var policy = PolicyParser.Parse("p", "path \"secret/foo\" {\n policy = \"read\"\n capabilities = [\"create\", \"sudo\"]\n}");

        Assert.Equal(AclCapabilities.Read | AclCapabilities.List | AclCapabilities.Create | AclCapabilities.Sudo, policy.Paths[0].Capabilities);
    }

    [Fact]
    public void Parse_DenyWithOtherCapabilities_KeepsOnlyDeny()
    {
        var policy = PolicyParser.Parse("p", "path \"a\" {\n capabilities = [\"read\", \"deny\", \"sudo\"]\n allowed_parameters = { x = [] }\n}");

        Assert.Equal(AclCapabilities.Deny, policy.Paths[0].Capabilities);
        Assert.Null(policy.Paths[0].AllowedParameters);
    }

    [Fact]
    public void Parse_SubscribeAndRecover_AreAcceptedAndIgnored()
    {
        var policy = PolicyParser.Parse("p", "path \"a\" { capabilities = [\"read\", \"subscribe\", \"recover\"] \n subscribe_event_types = [\"*\"] }");

        Assert.Equal(AclCapabilities.Read, policy.Paths[0].Capabilities);
    }

    [Fact]
    public void Parse_TemplatedPath_IsMarked()
    {
        var policy = PolicyParser.Parse("p", "path \"identity/entity/id/{{identity.entity.id}}\" { capabilities = [\"read\"] }");

        Assert.True(policy.Paths[0].IsTemplated);
    }

    [Fact]
    public void Parse_EmptyText_IsPolicyWithoutRules()
    {
        Assert.Empty(PolicyParser.Parse("p", "").Paths);
        Assert.Empty(PolicyParser.Parse("p", "# only a comment\n").Paths);
    }

    [Fact]
    public void Parse_ParameterKeysAndWrappingTtlAsDurationString_AreNormalised()
    {
        var policy = PolicyParser.Parse("p", "path \"a\" {\n capabilities = [\"update\"]\n denied_parameters = { \"SeCrEt\" = [] }\n max_wrapping_ttl = \"1h30m\"\n}");

        Assert.True(policy.Paths[0].DeniedParameters!.ContainsKey("secret"));
        Assert.Equal(TimeSpan.FromMinutes(90), policy.Paths[0].MaxWrappingTtl);
    }

    [Fact]
    public void Parse_ParameterValuesOfOtherTypes_AreKept()
    {
        var policy = PolicyParser.Parse("p", "path \"a\" {\n capabilities = [\"update\"]\n allowed_parameters = { n = [1, true] }\n}");

        var values = policy.Paths[0].AllowedParameters!["n"];
        Assert.True(JsonNode.DeepEquals(JsonValue.Create(1), values[0]));
        Assert.True(JsonNode.DeepEquals(JsonValue.Create(true), values[1]));
    }

    [Fact]
    public void Parse_VaultDefaultPolicy_HasAllEighteenRules()
    {
        var policy = PolicyParser.Parse("default", PolicyStore.DefaultPolicyText);

        Assert.Equal(18, policy.Paths.Count);
        Assert.Equal(2, policy.Paths.Count(p => p.IsTemplated));
        Assert.Contains(policy.Paths, p => p.Pattern == "cubbyhole/*" && p.IsPrefix);
        Assert.Contains(policy.Paths, p => p.Pattern == "identity/oidc/provider/+/authorize" && p.HasSegmentWildcards);
    }

    [Fact]
    public void Parse_JsonWithLeadingWhitespaceAndComments_IsDetectedAsJson()
    {
        var policy = PolicyParser.Parse("p", "\n  \t{ // comment\n \"path\": { \"a\": { \"capabilities\": [\"read\"], }, }, }");

        Assert.Equal(AclCapabilities.Read, policy.Paths[0].Capabilities);
    }

    private static string Describe(PathRule rule) =>
        $"{rule.Pattern}|{rule.MatchPath}|{rule.IsPrefix}|{rule.HasSegmentWildcards}|{rule.Capabilities}|{string.Join(',', rule.AllowedParameters?.Keys ?? [])}";
}
