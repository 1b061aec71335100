using System.Text.Json.Nodes;
using Strongroom.Core.Policy;
using Strongroom.Sdk;

namespace Strongroom.Core.Tests.Policy;

/// <summary>allowed/denied/required parameters and wrapping TTLs, per the Vault policy docs.</summary>
public sealed class AclParameterTests
{
    private static Acl Policy(string constraints) =>
        new([PolicyParser.Parse("p", $"path \"secret/foo\" {{\n capabilities = [\"create\", \"update\", \"patch\", \"read\", \"delete\", \"list\"]\n {constraints}\n}}")]);

    private static bool Write(Acl acl, JsonObject? data, Operation operation = Operation.Create) =>
        acl.Check(operation, "secret/foo", data).Allowed;

    private static JsonObject Data(params (string Key, JsonNode? Value)[] members)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in members)
        {
            obj[key] = value;
        }

        return obj;
    }

    [Fact]
    public void Allowed_EmptyList_AllowsAnyValueButNoOtherParameter()
    {
        var acl = Policy("allowed_parameters = { \"bar\" = [] }");

        Assert.True(Write(acl, Data(("bar", "anything"))));
        Assert.True(Write(acl, Data(("bar", 42))));
        Assert.False(Write(acl, Data(("bar", "x"), ("other", "y"))));
    }

    [Fact]
    public void Allowed_PopulatedList_RestrictsValues()
    {
        var acl = Policy("allowed_parameters = { \"bar\" = [\"zip\", \"zap\"] }");

        Assert.True(Write(acl, Data(("bar", "zip"))));
        Assert.True(Write(acl, Data(("bar", "zap"))));
        Assert.False(Write(acl, Data(("bar", "zop"))));
    }

    [Fact]
    public void Allowed_StarKey_AllowsOtherParametersButKeepsRestrictions()
    {
        var acl = Policy("allowed_parameters = {\n \"bar\" = [\"zip\", \"zap\"]\n \"*\" = []\n}");

        Assert.True(Write(acl, Data(("bar", "zip"), ("anything", "goes"))));
        Assert.False(Write(acl, Data(("bar", "nope"))));
    }

    [Fact]
    public void Allowed_OnlyStarKey_AllowsEverything()
    {
        var acl = Policy("allowed_parameters = { \"*\" = [] }");

        Assert.True(Write(acl, Data(("a", 1), ("b", "c"))));
    }

    [Theory]
    [InlineData("foo-*", "foo-bar", true)]
    [InlineData("foo-*", "bar-foo", false)]
    [InlineData("*-prod", "db-prod", true)]
    [InlineData("*-prod", "db-dev", false)]
    [InlineData("*mid*", "a-mid-b", true)]
    [InlineData("*mid*", "a-b", false)]
    [InlineData("*", "*", true)]
    [InlineData("*", "x", false)]
    public void Allowed_ValueGlobs_MatchPrefixSuffixOrContains(string pattern, string value, bool allowed)
    {
        var acl = Policy($"allowed_parameters = {{ \"bar\" = [\"{pattern}\"] }}");

        Assert.Equal(allowed, Write(acl, Data(("bar", value))));
    }

    [Fact]
    public void Allowed_ArrayValue_NeedsEveryElementAllowed()
    {
        var acl = Policy("allowed_parameters = { \"policies\" = [\"dev-*\"] }");

        Assert.True(Write(acl, Data(("policies", new JsonArray("dev-a", "dev-b")))));
        Assert.False(Write(acl, Data(("policies", new JsonArray("dev-a", "admin")))));
        Assert.False(Write(acl, Data(("policies", new JsonArray()))));
    }

    [Fact]
    public void Allowed_CommaSeparatedString_NeedsEveryPartAllowed()
    {
        var acl = Policy("allowed_parameters = { \"policies\" = [\"dev\", \"test\"] }");

        Assert.True(Write(acl, Data(("policies", "dev, test"))));
        Assert.False(Write(acl, Data(("policies", "dev,root"))));
        Assert.False(Write(acl, Data(("policies", ""))));
    }

    [Fact]
    public void Allowed_NonStringValues_CompareByEquality()
    {
        var acl = Policy("allowed_parameters = { \"n\" = [3, true] }");

        Assert.True(Write(acl, Data(("n", 3))));
        Assert.True(Write(acl, Data(("n", true))));
        Assert.False(Write(acl, Data(("n", 4))));
        Assert.False(Write(acl, Data(("n", "3"))));
    }

    [Fact]
    public void Allowed_RequestKeysAreCaseInsensitive()
    {
        var acl = Policy("allowed_parameters = { \"Bar\" = [\"zip\"] }");

        Assert.True(Write(acl, Data(("BAR", "zip"))));
        Assert.False(Write(acl, Data(("bAr", "zap"))));
    }

    [Fact]
    public void Denied_EmptyList_DeniesTheParameterOnly()
    {
        var acl = Policy("denied_parameters = { \"bar\" = [] }");

        Assert.False(Write(acl, Data(("bar", "x"))));
        Assert.True(Write(acl, Data(("other", "x"))));
    }

    [Fact]
    public void Denied_PopulatedList_DeniesThoseValues()
    {
        var acl = Policy("denied_parameters = { \"bar\" = [\"zip\", \"zap\"] }");

        Assert.False(Write(acl, Data(("bar", "zip"))));
        Assert.True(Write(acl, Data(("bar", "zop"))));
        Assert.False(Write(acl, Data(("bar", new JsonArray("ok", "zap")))));
        Assert.False(Write(acl, Data(("bar", "ok,zap"))));
    }

    [Fact]
    public void Denied_StarKey_DeniesAnyParameterButAllowsEmptyBody()
    {
        var acl = Policy("denied_parameters = { \"*\" = [] }");

        Assert.False(Write(acl, Data(("anything", 1))));
        Assert.True(Write(acl, new JsonObject()));
        Assert.True(Write(acl, null));
    }

    [Fact]
    public void Denied_WinsOverAllowed()
    {
        var acl = Policy("allowed_parameters = { \"bar\" = [] }\n denied_parameters = { \"bar\" = [\"zip\"] }");

        Assert.False(Write(acl, Data(("bar", "zip"))));
        Assert.True(Write(acl, Data(("bar", "zap"))));
    }

    [Fact]
    public void Required_MissingParameter_IsDenied()
    {
        var acl = Policy("required_parameters = [\"bar\", \"baz\"]");

        Assert.False(Write(acl, Data(("bar", 1))));
        Assert.False(Write(acl, null));
        Assert.True(Write(acl, Data(("bar", 1), ("baz", 2))));
    }

    [Theory]
    [InlineData(Operation.Create, false)]
    [InlineData(Operation.Update, false)]
    [InlineData(Operation.Patch, false)]
    [InlineData(Operation.Read, true)]
    [InlineData(Operation.Delete, true)]
    [InlineData(Operation.List, true)]
    public void ParameterChecks_ApplyToWritesOnly(Operation operation, bool allowed)
    {
        var acl = Policy("denied_parameters = { \"*\" = [] }\n required_parameters = [\"x\"]");

        Assert.Equal(allowed, Write(acl, Data(("forbidden", 1)), operation));
    }

    [Fact]
    public void DenialReason_NamesParameterButNotValue()
    {
        var value = "sk-test-" + Guid.NewGuid().ToString("N");
        var acl = Policy("allowed_parameters = { \"api_key\" = [\"sk-live-*\"] }");

        var decision = acl.Check(Operation.Update, "secret/foo", Data(("api_key", value)));

        Assert.False(decision.Allowed);
        Assert.Contains("api_key", decision.DenialReason);
        Assert.DoesNotContain(value, decision.DenialReason);
    }

    [Fact]
    public void WrappingTtl_MinAndMax_RequireWrappingWithinBounds()
    {
        var acl = Policy("min_wrapping_ttl = \"1s\"\n max_wrapping_ttl = \"90s\"");

        Assert.False(acl.Check(Operation.Read, "secret/foo", null).Allowed);
        Assert.True(acl.Check(Operation.Read, "secret/foo", null, TimeSpan.FromSeconds(30)).Allowed);
        Assert.False(acl.Check(Operation.Read, "secret/foo", null, TimeSpan.FromSeconds(91)).Allowed);
        Assert.False(acl.Check(Operation.Read, "secret/foo", null, TimeSpan.Zero).Allowed);
    }
}
