using System.Net;
using System.Security.Cryptography;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Auth;

/// <summary>Auth methods over real HTTP: login → token with the role's policies and an entity.</summary>
public sealed class AuthHttpTests : IClassFixture<InMemoryServerFixture>
{
    private readonly InMemoryServerFixture _fixture;

    public AuthHttpTests(InMemoryServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task AppRole_LoginGivesLeastPrivilegeToken_WithAnEntity()
    {
        using var root = _fixture.Client();
        var mount = Unique("approle");
        (await root.PostAsync($"sys/auth/{mount}", new { type = "approle" })).Expect(HttpStatusCode.NoContent);
        (await root.PutAsync("sys/policies/acl/ci-reader", new { policy = "path \"secret/data/ci/*\" { capabilities = [\"read\"] }" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"auth/{mount}/role/ci", new { token_policies = "ci-reader", token_ttl = "10m", secret_id_num_uses = 1 })).Expect(HttpStatusCode.NoContent);
        var roleId = (string)(await root.GetAsync($"auth/{mount}/role/ci/role-id")).Expect(HttpStatusCode.OK).Data!["role_id"]!;
        var secretId = (string)(await root.PostAsync($"auth/{mount}/role/ci/secret-id", new { })).Expect(HttpStatusCode.OK).Data!["secret_id"]!;
        (await root.PostAsync("secret/data/ci/deploy", new { data = new { key = "fake" } })).Expect(HttpStatusCode.OK);

        using var anon = _fixture.Client(null);
        anon.Token = null;
        var login = (await anon.PostAsync($"auth/{mount}/login", new { role_id = roleId, secret_id = secretId })).Expect(HttpStatusCode.OK);
        var auth = login.Json!["auth"]!;
        Assert.Equal(600, (long)auth["lease_duration"]!);
        Assert.Contains("ci-reader", auth["token_policies"]!.AsArray().Select(p => (string)p!));
        var entityId = (string)auth["entity_id"]!;
        Assert.False(string.IsNullOrEmpty(entityId));

        using var app = _fixture.Client((string)auth["client_token"]!);
        (await app.GetAsync("secret/data/ci/deploy")).Expect(HttpStatusCode.OK);
        (await app.PostAsync("secret/data/ci/deploy", new { data = new { key = "x" } })).Expect(HttpStatusCode.Forbidden);

        // The secret-id was single use.
        (await anon.PostAsync($"auth/{mount}/login", new { role_id = roleId, secret_id = secretId })).Expect(HttpStatusCode.BadRequest);

        var entity = (await root.GetAsync($"identity/entity/id/{entityId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(roleId, (string)entity.Data!["aliases"]![0]!["name"]!);
    }

    [Fact]
    public async Task AppRole_SecretIdDeliveredWrapped_IsUnwrappedOnce()
    {
        using var root = _fixture.Client();
        var mount = Unique("approle");
        (await root.PostAsync($"sys/auth/{mount}", new { type = "approle" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"auth/{mount}/role/web", new { token_policies = "default" })).Expect(HttpStatusCode.NoContent);
        var wrapped = await root.SendAsync(HttpMethod.Post, $"auth/{mount}/role/web/secret-id", new { }, configure: r => r.Headers.Add("X-Vault-Wrap-TTL", "2m"));
        wrapped.Expect(HttpStatusCode.OK);
        Assert.Null(wrapped.Json!["data"]);
        var wrapToken = (string)wrapped.Json!["wrap_info"]!["token"]!;
        var secretId = (string)(await root.PostAsync("sys/wrapping/unwrap", new { token = wrapToken })).Expect(HttpStatusCode.OK).Data!["secret_id"]!;
        Assert.False(string.IsNullOrEmpty(secretId));
        (await root.PostAsync("sys/wrapping/unwrap", new { token = wrapToken })).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Userpass_LoginLockoutAndUnlock()
    {
        using var root = _fixture.Client();
        var mount = Unique("userpass");
        (await root.PostAsync($"sys/auth/{mount}", new { type = "userpass" })).Expect(HttpStatusCode.NoContent);
        var password = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        (await root.PostAsync($"auth/{mount}/users/alice", new { password, token_policies = "default" })).Expect(HttpStatusCode.NoContent);

        using var anon = _fixture.Client(null);
        anon.Token = null;
        var login = (await anon.PostAsync($"auth/{mount}/login/alice", new { password })).Expect(HttpStatusCode.OK);
        Assert.Equal("alice", (string)login.Json!["auth"]!["metadata"]!["username"]!);

        for (var i = 0; i < 5; i++)
        {
            (await anon.PostAsync($"auth/{mount}/login/alice", new { password = "wrong" })).Expect(HttpStatusCode.BadRequest);
        }

        // Locked: even the right password is refused until unlocked.
        Assert.NotEqual(HttpStatusCode.OK, (await anon.PostAsync($"auth/{mount}/login/alice", new { password })).Status);
        (await root.PostAsync($"auth/{mount}/locked-users/unlock/alice", new { })).Expect(HttpStatusCode.NoContent);
        (await anon.PostAsync($"auth/{mount}/login/alice", new { password })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Userpass_TunedLockoutThreshold_SysLockedUsersListsAndUnlocks()
    {
        using var root = _fixture.Client();
        var mount = Unique("userpass");
        (await root.PostAsync($"sys/auth/{mount}", new { type = "userpass" })).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"sys/auth/{mount}/tune", new { user_lockout_config = new { lockout_threshold = "2", lockout_duration = "1h" } }))
            .Expect(HttpStatusCode.NoContent);
        var tune = (await root.GetAsync($"sys/auth/{mount}/tune")).Expect(HttpStatusCode.OK);
        Assert.Equal("2", (string)tune.Json!["data"]!["user_lockout_config"]!["lockout_threshold"]!);
        (await root.PostAsync($"sys/auth/{mount}/tune", new { user_lockout_config = new { lockout_duration = "soon" } }))
            .Expect(HttpStatusCode.BadRequest);

        var password = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        (await root.PostAsync($"auth/{mount}/users/carol", new { password })).Expect(HttpStatusCode.NoContent);
        using var anon = _fixture.Client(null);
        anon.Token = null;
        for (var i = 0; i < 2; i++)
        {
            (await anon.PostAsync($"auth/{mount}/login/carol", new { password = "wrong" })).Expect(HttpStatusCode.BadRequest);
        }

        // Two failures now lock (the default would need five).
        Assert.NotEqual(HttpStatusCode.OK, (await anon.PostAsync($"auth/{mount}/login/carol", new { password })).Status);

        var accessor = (string)(await root.GetAsync("sys/auth")).Expect(HttpStatusCode.OK).Json!["data"]![$"{mount}/"]!["accessor"]!;
        var locked = (await root.GetAsync("sys/locked-users")).Expect(HttpStatusCode.OK).Json!["data"]!;
        var entry = locked["by_namespace"]![0]!["mount_accessors"]!.AsArray().Single(m => (string)m!["mount_accessor"]! == accessor)!;
        Assert.Equal(["carol"], entry["alias_identifiers"]!.AsArray().Select(a => (string)a!));

        (await root.PostAsync($"sys/locked-users/{accessor}/unlock/carol", new { })).Expect(HttpStatusCode.NoContent);
        (await anon.PostAsync($"auth/{mount}/login/carol", new { password })).Expect(HttpStatusCode.OK);
        (await root.PostAsync("sys/locked-users/auth_no_such_accessor/unlock/carol", new { })).Expect(HttpStatusCode.BadRequest);

        using var nobody = _fixture.Client((string)(await root.PostAsync("auth/token/create", new { policies = new[] { "default" } })).Json!["auth"]!["client_token"]!);
        (await nobody.GetAsync("sys/locked-users")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GroupPolicies_ReachTheLoggedInEntity()
    {
        using var root = _fixture.Client();
        var mount = Unique("userpass");
        (await root.PostAsync($"sys/auth/{mount}", new { type = "userpass" })).Expect(HttpStatusCode.NoContent);
        var password = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        (await root.PostAsync($"auth/{mount}/users/bob", new { password })).Expect(HttpStatusCode.NoContent);
        using var anon = _fixture.Client(null);
        anon.Token = null;
        var first = (await anon.PostAsync($"auth/{mount}/login/bob", new { password })).Expect(HttpStatusCode.OK);
        var entityId = (string)first.Json!["auth"]!["entity_id"]!;
        var token = (string)first.Json!["auth"]!["client_token"]!;
        (await root.PostAsync("secret/data/team/shared", new { data = new { v = "1" } })).Expect(HttpStatusCode.OK);
        using var bob = _fixture.Client(token);
        (await bob.GetAsync("secret/data/team/shared")).Expect(HttpStatusCode.Forbidden);

        (await root.PutAsync("sys/policies/acl/team-read", new { policy = "path \"secret/data/team/*\" { capabilities = [\"read\"] }" })).Expect(HttpStatusCode.NoContent);
        var group = Unique("team");
        (await root.PostAsync("identity/group", new { name = group, policies = new[] { "team-read" }, member_entity_ids = new[] { entityId } })).Expect(HttpStatusCode.OK);
        (await bob.GetAsync("secret/data/team/shared")).Expect(HttpStatusCode.OK);

        (await root.PostAsync($"identity/entity/id/{entityId}", new { disabled = true })).Expect(HttpStatusCode.NoContent);
        (await bob.GetAsync("secret/data/team/shared")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AuthMounts_ListTuneDisable()
    {
        using var root = _fixture.Client();
        var mount = Unique("ap");
        (await root.PostAsync($"sys/auth/{mount}", new { type = "approle", description = "ci" })).Expect(HttpStatusCode.NoContent);
        var list = (await root.GetAsync("sys/auth")).Expect(HttpStatusCode.OK);
        Assert.Equal("approle", (string)list.Data![$"{mount}/"]!["type"]!);
        Assert.Equal("token", (string)list.Data!["token/"]!["type"]!);
        (await root.PostAsync($"sys/auth/{mount}/tune", new { default_lease_ttl = "5m" })).Expect(HttpStatusCode.NoContent);
        Assert.Equal(300, (long)(await root.GetAsync($"sys/auth/{mount}/tune")).Expect(HttpStatusCode.OK).Data!["default_lease_ttl"]!);
        (await root.PostAsync($"sys/auth/{Unique("x")}", new { type = "nope" })).Expect(HttpStatusCode.BadRequest);
        (await root.DeleteAsync($"sys/auth/{mount}")).Expect(HttpStatusCode.NoContent);
        (await root.PostAsync($"auth/{mount}/login", new { role_id = "x" })).Expect(HttpStatusCode.NotFound);
    }
}
