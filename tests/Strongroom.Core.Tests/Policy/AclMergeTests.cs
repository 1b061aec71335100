using System.Text.Json.Nodes;
using Strongroom.Core.Policy;
using Strongroom.Sdk;
using static Strongroom.Core.Tests.Policy.AclTests;

namespace Strongroom.Core.Tests.Policy;

/// <summary>How <see cref="Acl"/> merges rules for the same path from several policies.</summary>
public sealed class AclMergeTests
{
    [Fact]
    public void Build_SamePatternInTwoPolicies_UnionsCapabilities()
    {
        var acl = Build(Rule("kv/*", "read"), Rule("kv/*", "list", "update"));

        Assert.Equal(["list", "read", "update"], acl.Capabilities("kv/x"));
    }

    [Fact]
    public void Build_SamePatternTwiceInOnePolicy_UnionsCapabilities()
    {
        var acl = Build(Rule("kv/a", "read") + Rule("kv/a", "delete"));

        Assert.Equal(["delete", "read"], acl.Capabilities("kv/a"));
    }

    [Fact]
    public void Build_DenyInAnyPolicy_WinsRegardlessOfOrder()
    {
        var denyFirst = Build(Rule("kv/a", "deny"), Rule("kv/a", "read", "sudo"));
        var denyLast = Build(Rule("kv/a", "read", "sudo"), Rule("kv/a", "deny"));

        Assert.Equal(["deny"], denyFirst.Capabilities("kv/a"));
        Assert.Equal(["deny"], denyLast.Capabilities("kv/a"));
        Assert.False(denyLast.Check(Operation.Read, "kv/a", null).Allowed);
        Assert.False(denyLast.Check(Operation.Read, "kv/a", null).RootPrivs);
    }

    [Fact]
    public void Build_DifferentPatternsInDifferentPolicies_OnlyHighestPriorityApplies()
    {
        // Docs: "If different patterns appear in the applicable policies, we take only the
        // highest-priority match from those policies."
        var acl = Build(Rule("secret/*", "read"), Rule("secret/foo", "update"));

        Assert.Equal(["update"], acl.Capabilities("secret/foo"));
        Assert.False(acl.Check(Operation.Read, "secret/foo", null).Allowed);
    }

    [Fact]
    public void Build_WrappingTtls_LowestOfEachWins()
    {
        var acl = Build(
            "path \"w\" {\n capabilities = [\"update\"]\n min_wrapping_ttl = \"10s\"\n max_wrapping_ttl = \"5m\"\n}",
            "path \"w\" {\n capabilities = [\"update\"]\n min_wrapping_ttl = \"20s\"\n max_wrapping_ttl = \"1m\"\n}");

        Assert.True(acl.Check(Operation.Update, "w", null, TimeSpan.FromSeconds(10)).Allowed);
        Assert.False(acl.Check(Operation.Update, "w", null, TimeSpan.FromSeconds(9)).Allowed);
        Assert.True(acl.Check(Operation.Update, "w", null, TimeSpan.FromMinutes(1)).Allowed);
        Assert.False(acl.Check(Operation.Update, "w", null, TimeSpan.FromMinutes(2)).Allowed);
    }

    [Fact]
    public void Build_AllowedValueListsForSameKey_AreConcatenated()
    {
        var acl = Build(Params("allowed_parameters", "env = [\"dev\"]"), Params("allowed_parameters", "env = [\"test\"]"));

        Assert.True(Update(acl, new JsonObject { ["env"] = "dev" }));
        Assert.True(Update(acl, new JsonObject { ["env"] = "test" }));
        Assert.False(Update(acl, new JsonObject { ["env"] = "prod" }));
    }

    [Fact]
    public void Build_EmptyAllowedListInAnyPolicy_AllowsAnyValue()
    {
        var acl = Build(Params("allowed_parameters", "env = [\"dev\"]"), Params("allowed_parameters", "env = []"));

        Assert.True(Update(acl, new JsonObject { ["env"] = "prod" }));
    }

    [Fact]
    public void Build_AllowedParametersFromOnePolicy_RestrictTheMergedRule()
    {
        // Vault merges the maps; a policy without allowed_parameters does not lift the restriction.
        var acl = Build(Params("allowed_parameters", "env = [\"dev\"]"), Rule("p", "update"));

        Assert.False(Update(acl, new JsonObject { ["other"] = "x" }));
        Assert.True(Update(acl, new JsonObject { ["env"] = "dev" }));
    }

    [Fact]
    public void Build_DeniedParametersFromBothPolicies_AreMerged()
    {
        var acl = Build(Params("denied_parameters", "a = [\"x\"]"), Params("denied_parameters", "b = []"));

        Assert.False(Update(acl, new JsonObject { ["a"] = "x" }));
        Assert.False(Update(acl, new JsonObject { ["b"] = "anything" }));
        Assert.True(Update(acl, new JsonObject { ["a"] = "y" }));
    }

    [Fact]
    public void Build_RequiredParameters_AreUnioned()
    {
        var acl = Build(Params("required_parameters", "", "[\"a\"]"), Params("required_parameters", "", "[\"b\"]"));

        Assert.False(Update(acl, new JsonObject { ["a"] = 1 }));
        Assert.True(Update(acl, new JsonObject { ["a"] = 1, ["b"] = 2 }));
    }

    private static bool Update(Acl acl, JsonObject data) => acl.Check(Operation.Update, "p", data).Allowed;

    private static string Params(string field, string members, string? list = null) =>
        list is null
            ? $"path \"p\" {{\n capabilities = [\"update\"]\n {field} = {{ {members} }}\n}}"
            : $"path \"p\" {{\n capabilities = [\"update\"]\n {field} = {list}\n}}";
}
