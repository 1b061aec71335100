using System.Text;
using Strongroom.Core.Policy;
using Strongroom.Sdk;

namespace Strongroom.Core.Tests.Policy;

public sealed class PolicyStoreTests
{
    private readonly InMemoryStorageView _storage = new();
    private readonly PolicyStore _store;

    public PolicyStoreTests()
    {
        _store = new PolicyStore(_storage.Scoped("sys/policy/"));
    }

    [Fact]
    public async Task EnsureDefaultsAsync_EmptyStore_WritesVaultDefaultPolicy()
    {
        await _store.EnsureDefaultsAsync();

        var stored = await _store.GetAsync("default");
        Assert.NotNull(stored);
        Assert.Equal(PolicyStore.DefaultPolicyText, stored.Raw);
        Assert.True(_storage.Entries.ContainsKey("sys/policy/default"));
        var acl = await _store.BuildAclAsync(["default"]);
        Assert.True(acl.Check(Operation.Read, "auth/token/lookup-self", null).Allowed);
        Assert.True(acl.Check(Operation.Update, "auth/token/renew-self", null).Allowed);
        Assert.True(acl.Check(Operation.Update, "auth/token/revoke-self", null).Allowed);
        Assert.True(acl.Check(Operation.Update, "sys/capabilities-self", null).Allowed);
        Assert.True(acl.Check(Operation.Create, "cubbyhole/my-note", null).Allowed);
        Assert.True(acl.Check(Operation.Update, "sys/wrapping/unwrap", null).Allowed);
        Assert.True(acl.Check(Operation.Update, "identity/oidc/provider/p1/authorize", null).Allowed);
        Assert.False(acl.Check(Operation.Read, "secret/data/ai/openai", null).Allowed);
        Assert.False(acl.Check(Operation.Update, "sys/policies/acl/default", null).Allowed);
    }

    [Fact]
    public async Task EnsureDefaultsAsync_ModifiedDefault_IsNotOverwritten()
    {
        await _store.EnsureDefaultsAsync();
        var put = await _store.PutAsync("default", "path \"custom/*\" { capabilities = [\"read\"] }");

        await _store.EnsureDefaultsAsync();

        Assert.True(put.Succeeded);
        var stored = await _store.GetAsync("default");
        Assert.Contains("custom/*", stored!.Raw);
    }

    [Fact]
    public async Task PutAsync_ValidPolicy_IsStoredUnderLowerCaseName()
    {
        const string text = "path \"secret/*\" { capabilities = [\"read\"] }";

        var result = await _store.PutAsync("  Dev-Readers ", text);

        Assert.True(result.Succeeded);
        Assert.Null(result.ToErrorResponse());
        Assert.Equal("dev-readers", result.Policy!.Name);
        var stored = await _store.GetAsync("DEV-READERS");
        Assert.Equal(text, stored!.Raw);
        Assert.Equal("dev-readers", stored.Name);
        Assert.Equal("secret/*", stored.Policy.Paths[0].Pattern);
    }

    [Fact]
    public async Task PutAsync_JsonPolicy_IsAccepted()
    {
        var result = await _store.PutAsync("j", """{"path": {"kv/*": {"capabilities": ["list"]}}}""");

        Assert.True(result.Succeeded);
        Assert.Equal(["list"], (await _store.BuildAclAsync(["j"])).Capabilities("kv/a"));
    }

    [Fact]
    public async Task PutAsync_InvalidPolicy_ReturnsBadRequestNamingPathAndStoresNothing()
    {
        var result = await _store.PutAsync("bad", "path \"secret/*\" { capabilities = [\"reed\"] }");

        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCode.BadRequest, result.ErrorCode);
        Assert.Contains("path \"secret/*\": invalid capability \"reed\"", result.Error);
        Assert.Equal(ErrorCode.BadRequest, result.ToErrorResponse()!.ErrorCode);
        Assert.Null(await _store.GetAsync("bad"));
        Assert.Empty(_storage.Entries);
    }

    [Theory]
    [InlineData("root", "cannot update \"root\" policy")]
    [InlineData(" ROOT ", "cannot update \"root\" policy")]
    [InlineData("", "policy name must be provided")]
    [InlineData("a/b", "invalid policy name")]
    [InlineData("..", "invalid policy name")]
    [InlineData("bad\u0001name", "invalid policy name")]
    public async Task PutAsync_ForbiddenName_IsRefused(string name, string error)
    {
        var result = await _store.PutAsync(name, "path \"a\" { capabilities = [\"read\"] }");

        Assert.False(result.Succeeded);
        Assert.Contains(error, result.Error);
        Assert.Empty(_storage.Entries);
    }

    [Fact]
    public async Task PutAsync_EmptyText_IsRefused()
    {
        var result = await _store.PutAsync("p", "   ");

        Assert.False(result.Succeeded);
        Assert.Contains("empty", result.Error);
    }

    [Fact]
    public async Task DeleteAsync_RootOrDefault_IsRefused()
    {
        await _store.EnsureDefaultsAsync();

        var root = await _store.DeleteAsync("root");
        var def = await _store.DeleteAsync("Default");

        Assert.Contains("cannot delete \"root\" policy", root.Error);
        Assert.Contains("cannot delete default policy", def.Error);
        Assert.NotNull(await _store.GetAsync("default"));
    }

    [Fact]
    public async Task DeleteAsync_ExistingAndAbsent_BothSucceed()
    {
        await _store.PutAsync("gone", "path \"a\" { capabilities = [\"read\"] }");

        Assert.True((await _store.DeleteAsync("gone")).Succeeded);
        Assert.True((await _store.DeleteAsync("never-existed")).Succeeded);
        Assert.Null(await _store.GetAsync("gone"));
    }

    [Fact]
    public async Task GetAsync_Root_ReturnsBuiltInRootPolicy()
    {
        var root = await _store.GetAsync("root");

        Assert.NotNull(root);
        Assert.Equal("", root.Raw);
        Assert.True(root.Policy.IsRoot);
        Assert.Empty(_storage.Entries);
    }

    [Fact]
    public async Task ListAsync_IncludesRootAndDefaultSorted()
    {
        await _store.PutAsync("zeta", "path \"a\" { capabilities = [\"read\"] }");
        await _store.PutAsync("alpha", "path \"a\" { capabilities = [\"read\"] }");

        var names = await _store.ListAsync();

        Assert.Equal(["alpha", "default", "root", "zeta"], names);
    }

    [Fact]
    public async Task BuildAclAsync_UnknownNamesAreSkipped_RootGrantsAll()
    {
        await _store.PutAsync("readers", "path \"kv/*\" { capabilities = [\"read\"] }");

        var acl = await _store.BuildAclAsync(["readers", "does-not-exist"]);
        var root = await _store.BuildAclAsync(["root"]);

        Assert.True(acl.Check(Operation.Read, "kv/x", null).Allowed);
        Assert.Equal(["root"], root.Capabilities("anything"));
    }

    [Fact]
    public async Task BuildAclAsync_SameNamesTwice_IsServedFromCache()
    {
        await _store.PutAsync("readers", "path \"kv/*\" { capabilities = [\"read\"] }");
        var first = await _store.BuildAclAsync(["readers", "Readers"]);
        var reads = _storage.Reads;

        var second = await _store.BuildAclAsync(["readers"]);

        Assert.Same(first, second);
        Assert.Equal(reads, _storage.Reads);
    }

    [Fact]
    public async Task BuildAclAsync_AfterWrite_SeesNewRules()
    {
        await _store.PutAsync("p", "path \"kv/*\" { capabilities = [\"read\"] }");
        var before = await _store.BuildAclAsync(["p"]);

        await _store.PutAsync("p", "path \"kv/*\" { capabilities = [\"deny\"] }");
        var after = await _store.BuildAclAsync(["p"]);

        Assert.True(before.Check(Operation.Read, "kv/x", null).Allowed);
        Assert.False(after.Check(Operation.Read, "kv/x", null).Allowed);
    }

    [Fact]
    public async Task BuildAclAsync_AfterDelete_DropsRules()
    {
        await _store.PutAsync("p", "path \"kv/*\" { capabilities = [\"read\"] }");
        await _store.BuildAclAsync(["p"]);

        await _store.DeleteAsync("p");

        Assert.False((await _store.BuildAclAsync(["p"])).Check(Operation.Read, "kv/x", null).Allowed);
    }

    [Fact]
    public async Task GetAsync_CorruptEntry_ThrowsInvalidOperation()
    {
        await _storage.Scoped("sys/policy/").PutAsync("broken", Encoding.UTF8.GetBytes("{\"raw\": \"path \\\"a\\\" { capabilities = [\\\"reed\\\"] }\"}"));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _store.GetAsync("broken"));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _store.BuildAclAsync(["broken"]));
    }

    [Fact]
    public async Task StoredEntry_RoundTripsThroughNewStoreInstance()
    {
        await _store.PutAsync("persisted", "path \"kv/a\" { capabilities = [\"update\"] }");

        var reopened = new PolicyStore(_storage.Scoped("sys/policy/"));

        Assert.Equal(["update"], (await reopened.BuildAclAsync(["persisted"])).Capabilities("kv/a"));
    }
}
