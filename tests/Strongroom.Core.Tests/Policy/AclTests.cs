using Strongroom.Core.Policy;
using Strongroom.Sdk;

namespace Strongroom.Core.Tests.Policy;

/// <summary>Path matching, priority rules, root, sudo and sys/capabilities output of <see cref="Acl"/>.</summary>
public sealed class AclTests
{
    internal static Acl Build(params string[] policyTexts) =>
        new(policyTexts.Select((text, i) => PolicyParser.Parse($"p{i}", text)));

    internal static string Rule(string path, params string[] capabilities) =>
        $"path \"{path}\" {{ capabilities = [{string.Join(", ", capabilities.Select(c => $"\"{c}\""))}] }}\n";

    [Theory]
    [InlineData("secret/foo", true)]
    [InlineData("secret/food", false)]
    [InlineData("secret/foo/bar", false)]
    [InlineData("secret", false)]
    public void Check_ExactRule_MatchesOnlyThatPath(string path, bool allowed)
    {
        var acl = Build(Rule("secret/foo", "read"));

        Assert.Equal(allowed, acl.Check(Operation.Read, path, null).Allowed);
    }

    [Theory]
    [InlineData("secret/bar/zip", true)]
    [InlineData("secret/bar/zip/zap", true)]
    [InlineData("secret/bars/zip", false)]
    [InlineData("secret/zip-zap", true)]
    [InlineData("secret/zip-zap/zong", true)]
    [InlineData("secret/zip/zap", false)]
    public void Check_GlobRules_ArePrefixMatches(string path, bool allowed)
    {
        var acl = Build(Rule("secret/bar/*", "read") + Rule("secret/zip-*", "read"));

        Assert.Equal(allowed, acl.Check(Operation.Read, path, null).Allowed);
    }

    [Theory]
    [InlineData("secret/x/teamb", true)]
    [InlineData("secret/anything/teamb", true)]
    [InlineData("secret/x/y/teamb", false)]
    [InlineData("secret/teamb", false)]
    [InlineData("secret/x/teamb/more", false)]
    public void Check_PlusSegments_MatchExactlyOneSegment(string path, bool allowed)
    {
        var acl = Build(Rule("secret/+/teamb", "read"));

        Assert.Equal(allowed, acl.Check(Operation.Read, path, null).Allowed);
    }

    [Fact]
    public void Check_TwoPlusSegments_MatchTwoSegments()
    {
        var acl = Build(Rule("secret/+/+/teamb", "read"));

        Assert.True(acl.Check(Operation.Read, "secret/foo/bar/teamb", null).Allowed);
        Assert.False(acl.Check(Operation.Read, "secret/foo/teamb", null).Allowed);
    }

    [Fact]
    public void Check_PlusWithTrailingGlob_MatchesDeeperPaths()
    {
        var acl = Build(Rule("kv/+/app-*", "read"));

        Assert.True(acl.Check(Operation.Read, "kv/team/app-1/config", null).Allowed);
        Assert.False(acl.Check(Operation.Read, "kv/team/other", null).Allowed);
    }

    [Fact]
    public void Check_ExactRuleBeatsGlob_EvenWhenGlobGrantsMore()
    {
        var acl = Build(Rule("secret/*", "create", "read", "update", "delete", "list") + Rule("secret/super-secret", "deny"));

        var decision = acl.Check(Operation.Read, "secret/super-secret", null);

        Assert.False(decision.Allowed);
        Assert.Equal("secret/super-secret", decision.MatchedPattern);
        Assert.True(acl.Check(Operation.Read, "secret/other", null).Allowed);
    }

    [Fact]
    public void Check_LongestPrefixWins()
    {
        var acl = Build(Rule("secret/*", "read") + Rule("secret/foo/*", "update"));

        Assert.False(acl.Check(Operation.Read, "secret/foo/bar", null).Allowed);
        Assert.True(acl.Check(Operation.Update, "secret/foo/bar", null).Allowed);
        Assert.True(acl.Check(Operation.Read, "secret/other", null).Allowed);
    }

    [Fact]
    public void Priority_Rule1_LaterFirstWildcardWins()
    {
        // secret/a* (first glob at 8) beats secret/+ (first wildcard at 7).
        var acl = Build(Rule("secret/a*", "read") + Rule("secret/+", "update"));

        var decision = acl.Check(Operation.Read, "secret/ab", null);

        Assert.True(decision.Allowed);
        Assert.Equal("secret/a*", decision.MatchedPattern);
        Assert.False(acl.Check(Operation.Update, "secret/ab", null).Allowed);
    }

    [Fact]
    public void Priority_Rule1_SegmentWildcardLaterInPathWins()
    {
        var acl = Build(Rule("foo/+/bar/baz", "read") + Rule("foo/bar/+/baz", "update"));

        Assert.Equal("foo/bar/+/baz", acl.Check(Operation.Update, "foo/bar/bar/baz", null).MatchedPattern);
        Assert.False(acl.Check(Operation.Read, "foo/bar/bar/baz", null).Allowed);
    }

    [Fact]
    public void Priority_Rule2_NoTrailingGlobBeatsTrailingGlob()
    {
        var acl = Build(Rule("foo/+/ba*", "read") + Rule("foo/+/bar", "update") + Rule("x/*", "read") + Rule("x/+", "update"));

        Assert.Equal("foo/+/bar", acl.Check(Operation.Update, "foo/q/bar", null).MatchedPattern);
        Assert.False(acl.Check(Operation.Read, "foo/q/bar", null).Allowed);
        Assert.True(acl.Check(Operation.Read, "foo/q/baz", null).Allowed);
        Assert.Equal("x/+", acl.Check(Operation.Update, "x/y", null).MatchedPattern);
    }

    [Fact]
    public void Priority_Rule3_FewerPlusSegmentsWin_DocsExample()
    {
        // Docs: "secret/*" vs "secret/+/+/foo/*": same first wildcard, both end in *, the latter has
        // two wildcard segments, so it has lower priority.
        var acl = Build(Rule("secret/*", "read") + Rule("secret/+/+/foo/*", "update"));

        var decision = acl.Check(Operation.Read, "secret/a/b/foo/c", null);

        Assert.True(decision.Allowed);
        Assert.Equal("secret/*", decision.MatchedPattern);
        Assert.False(acl.Check(Operation.Update, "secret/a/b/foo/c", null).Allowed);
    }

    [Fact]
    public void Priority_Rule4_LongerWins()
    {
        var acl = Build(Rule("foo/+/bar/b*", "read") + Rule("foo/+/bar/ba*", "update"));

        Assert.Equal("foo/+/bar/ba*", acl.Check(Operation.Update, "foo/x/bar/baz", null).MatchedPattern);
        Assert.False(acl.Check(Operation.Read, "foo/x/bar/baz", null).Allowed);
        Assert.True(acl.Check(Operation.Read, "foo/x/bar/bz", null).Allowed);
    }

    [Fact]
    public void Priority_Rule5_LexicographicallyGreaterWins()
    {
        // Same first '+', no trailing glob, two '+' each, same length: "a/+/b/+" > "a/+/+/b".
        var acl = Build(Rule("a/+/+/b", "read") + Rule("a/+/b/+", "update"));

        var decision = acl.Check(Operation.Update, "a/x/b/b", null);

        Assert.True(decision.Allowed);
        Assert.Equal("a/+/b/+", decision.MatchedPattern);
        Assert.False(acl.Check(Operation.Read, "a/x/b/b", null).Allowed);
    }

    [Fact]
    public void Priority_IsIndependentOfPolicyOrder()
    {
        var forward = Build(Rule("secret/*", "read"), Rule("secret/+/+/foo/*", "update"));
        var reverse = Build(Rule("secret/+/+/foo/*", "update"), Rule("secret/*", "read"));

        Assert.Equal(forward.Capabilities("secret/a/b/foo/c"), reverse.Capabilities("secret/a/b/foo/c"));
    }

    [Fact]
    public void Check_ListWithTrailingSlash_MatchesRuleWithoutIt()
    {
        var acl = Build(Rule("foo/sys/policies/acl", "list") + Rule("+/team/acl", "list"));

        Assert.True(acl.Check(Operation.List, "foo/sys/policies/acl/", null).Allowed);
        Assert.True(acl.Check(Operation.List, "ns/team/acl/", null).Allowed);
        Assert.False(acl.Check(Operation.Read, "foo/sys/policies/acl/", null).Allowed);
    }

    [Fact]
    public void Check_LeadingSlashOnRequestOrRule_IsIgnored()
    {
        var acl = Build(Rule("/secret/a", "read"));

        Assert.True(acl.Check(Operation.Read, "/secret/a", null).Allowed);
        Assert.True(acl.Check(Operation.Read, "secret/a", null).Allowed);
    }

    [Theory]
    [InlineData(Operation.Read, "read")]
    [InlineData(Operation.Create, "create")]
    [InlineData(Operation.Update, "update")]
    [InlineData(Operation.Patch, "patch")]
    [InlineData(Operation.Delete, "delete")]
    [InlineData(Operation.List, "list")]
    public void Check_EachOperation_NeedsItsCapability(Operation operation, string capability)
    {
        var only = Build(Rule("a/*", capability));
        var allButIt = Build(Rule("a/*", new[] { "create", "read", "update", "patch", "delete", "list", "sudo" }.Where(c => c != capability).ToArray()));

        Assert.True(only.Check(operation, "a/b", null).Allowed);
        var denied = allButIt.Check(operation, "a/b", null);
        Assert.False(denied.Allowed);
        Assert.Contains($"\"{capability}\"", denied.DenialReason);
    }

    [Fact]
    public void Check_SudoRule_SetsRootPrivs()
    {
        var acl = Build(Rule("sys/audit/*", "update", "sudo") + Rule("sys/mounts", "read"));

        Assert.True(acl.Check(Operation.Update, "sys/audit/file", null).RootPrivs);
        Assert.True(acl.Check(Operation.Update, "sys/audit/file", null).Sudo);
        Assert.False(acl.Check(Operation.Read, "sys/mounts", null).RootPrivs);
    }

    [Fact]
    public void Check_NoMatchingRule_DeniesWithReason()
    {
        var decision = Build(Rule("a", "read")).Check(Operation.Read, "b", null);

        Assert.False(decision.Allowed);
        Assert.Equal(AclCapabilities.None, decision.Capabilities);
        Assert.NotNull(decision.DenialReason);
    }

    [Fact]
    public void Check_RootPolicy_AllowsEverything()
    {
        var acl = new Acl([AclPolicy.Root]);

        var decision = acl.Check(Operation.Delete, "sys/anything", null);

        Assert.True(decision.Allowed);
        Assert.True(decision.IsRoot);
        Assert.True(decision.RootPrivs);
        Assert.Equal(["root"], decision.GrantingPolicies);
        Assert.Equal(["root"], acl.Capabilities("any/path"));
    }

    [Fact]
    public void Capabilities_ReturnsSortedNames_DenyWhenNone()
    {
        var acl = Build(Rule("secret/*", "update", "read", "list", "sudo", "create", "delete", "patch") + Rule("secret/blocked", "deny"));

        Assert.Equal(["create", "delete", "list", "patch", "read", "sudo", "update"], acl.Capabilities("secret/x"));
        Assert.Equal(["deny"], acl.Capabilities("secret/blocked"));
        Assert.Equal(["deny"], acl.Capabilities("elsewhere"));
    }

    [Fact]
    public void Check_TemplatedRules_AreNotApplied()
    {
        var acl = Build(Rule("identity/entity/id/{{identity.entity.id}}", "read"));

        Assert.False(acl.Check(Operation.Read, "identity/entity/id/{{identity.entity.id}}", null).Allowed);
    }

    [Fact]
    public void Check_GrantingPolicies_NamesPoliciesThatGrantedTheCapability()
    {
        var acl = new Acl([
            PolicyParser.Parse("readers", Rule("kv/*", "read")),
            PolicyParser.Parse("writers", Rule("kv/*", "update")),
        ]);

        Assert.Equal(["readers"], acl.Check(Operation.Read, "kv/x", null).GrantingPolicies);
        Assert.Equal(["writers"], acl.Check(Operation.Update, "kv/x", null).GrantingPolicies);
    }
}
