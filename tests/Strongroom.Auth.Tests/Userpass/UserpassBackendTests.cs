using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Auth.Tests.Infrastructure;
using Strongroom.Auth.Userpass;
using Strongroom.Sdk;

namespace Strongroom.Auth.Tests.Userpass;

public sealed class UserpassBackendTests
{
    private readonly InMemoryStorageView _storage = new();
    private readonly ManualClock _clock = new();
    private readonly string _password = "pw-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task User_CreateReadListDelete_RoundTripsWithoutPassword()
    {
        var backend = Create();
        (await backend.WriteAsync("users/Alice", new JsonObject { ["password"] = _password, ["token_policies"] = "dev", ["token_ttl"] = "30m" })).AssertOk();

        var read = (await backend.ReadAsync("users/alice")).AssertOk().Data!;
        Assert.Equal("dev", read["token_policies"]![0]!.GetValue<string>());
        Assert.Equal(1800, read["token_ttl"]!.GetValue<long>());
        Assert.False(read.ContainsKey("password"));
        Assert.Equal(["alice"], (await backend.ListAsync("users")).Keys());

        (await backend.DeleteAsync("users/alice")).AssertOk();
        (await backend.ReadAsync("users/alice")).AssertError(ErrorCode.NotFound);
    }

    [Fact]
    public async Task User_CreateWithoutPassword_Rejected()
    {
        (await Create().WriteAsync("users/alice", new JsonObject { ["token_policies"] = "dev" })).AssertError(ErrorCode.BadRequest, "missing password");
    }

    [Fact]
    public async Task Login_CorrectPassword_ReturnsAuthForUser()
    {
        var backend = Create();
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password, ["token_policies"] = new JsonArray("dev", "ops"), ["token_max_ttl"] = "2h" });

        var auth = (await backend.WriteAsync("login/ALICE", new JsonObject { ["password"] = _password })).AssertOk().Auth!;

        Assert.Equal(["dev", "ops"], auth.Policies);
        Assert.Equal("alice", auth.AliasName);
        Assert.Equal("alice", auth.DisplayName);
        Assert.Equal("alice", auth.Metadata["username"]);
        Assert.Equal(TimeSpan.FromHours(2), auth.MaxTtl);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_Returns400WithSameMessage()
    {
        var backend = Create();
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password });
        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = "wrong" })).AssertError(ErrorCode.BadRequest, "invalid username or password");
        (await backend.WriteAsync("login/bob", new JsonObject { ["password"] = "wrong" })).AssertError(ErrorCode.BadRequest, "invalid username or password");
        (await backend.WriteAsync("login/alice", new JsonObject())).AssertError(ErrorCode.BadRequest, "missing password");
    }

    [Fact]
    public async Task PasswordUpdate_OldPasswordStopsWorking()
    {
        var backend = Create();
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password });
        var newPassword = "pw2-" + Guid.NewGuid().ToString("N");
        (await backend.WriteAsync("users/alice/password", new JsonObject { ["password"] = newPassword })).AssertOk();

        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password })).AssertError(ErrorCode.BadRequest);
        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = newPassword })).AssertOk();
        (await backend.WriteAsync("users/nobody/password", new JsonObject { ["password"] = newPassword })).AssertError(ErrorCode.BadRequest, "does not exist");
    }

    [Fact]
    public async Task PoliciesUpdate_ChangesLoginPolicies()
    {
        var backend = Create();
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password, ["token_policies"] = "old" });
        (await backend.WriteAsync("users/alice/policies", new JsonObject { ["token_policies"] = "new1,new2" })).AssertOk();
        var auth = (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password })).AssertOk().Auth!;
        Assert.Equal(["new1", "new2"], auth.Policies);
    }

    [Fact]
    public async Task Login_TokenBoundCidrs_RefusesOtherSources()
    {
        var backend = Create();
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password, ["token_bound_cidrs"] = "10.0.0.0/8" });
        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password }, remote: "192.0.2.1")).AssertError(ErrorCode.PermissionDenied, "CIDR");
        var auth = (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password }, remote: "10.9.9.9")).AssertOk().Auth!;
        Assert.Equal(["10.0.0.0/8"], auth.BoundCidrs);
    }

    [Fact]
    public async Task Login_AfterThresholdFailures_LockedEvenWithRightPasswordUntilDurationPasses()
    {
        var backend = Create(new Dictionary<string, string> { ["lockout_threshold"] = "3", ["lockout_duration"] = "10m" });
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password });
        for (var i = 0; i < 3; i++)
        {
            (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = "wrong" })).AssertError(ErrorCode.BadRequest);
        }

        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password })).AssertError(ErrorCode.PermissionDenied, "locked");
        Assert.Equal(["alice"], (await backend.ListAsync("locked-users")).Keys());

        _clock.Advance(TimeSpan.FromMinutes(11));
        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password })).AssertOk();
    }

    [Fact]
    public async Task Unlock_LockedUser_CanLogInAgainImmediately()
    {
        var backend = Create(new Dictionary<string, string> { ["lockout_threshold"] = "2" });
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password });
        await backend.WriteAsync("login/alice", new JsonObject { ["password"] = "wrong" });
        await backend.WriteAsync("login/alice", new JsonObject { ["password"] = "wrong" });
        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password })).AssertError(ErrorCode.PermissionDenied);

        (await backend.WriteAsync("locked-users/unlock/alice")).AssertOk();

        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password })).AssertOk();
        Assert.Empty((await backend.ListAsync("locked-users")).Keys());
    }

    [Fact]
    public async Task Lockout_FailuresFurtherApartThanCounterReset_DoNotAccumulate()
    {
        var backend = Create(new Dictionary<string, string> { ["lockout_threshold"] = "2", ["lockout_counter_reset"] = "1m" });
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password });
        await backend.WriteAsync("login/alice", new JsonObject { ["password"] = "wrong" });
        _clock.Advance(TimeSpan.FromMinutes(2));
        await backend.WriteAsync("login/alice", new JsonObject { ["password"] = "wrong" });
        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password })).AssertOk();
    }

    [Fact]
    public async Task Lockout_Disabled_NeverLocks()
    {
        var backend = Create(new Dictionary<string, string> { ["lockout_threshold"] = "1", ["disable_lockout"] = "true" });
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password });
        await backend.WriteAsync("login/alice", new JsonObject { ["password"] = "wrong" });
        await backend.WriteAsync("login/alice", new JsonObject { ["password"] = "wrong" });
        (await backend.WriteAsync("login/alice", new JsonObject { ["password"] = _password })).AssertOk();
    }

    [Fact]
    public async Task Storage_HoldsOnlyASaltedPbkdf2Hash()
    {
        var backend = Create();
        await backend.WriteAsync("users/alice", new JsonObject { ["password"] = _password });
        await backend.WriteAsync("users/bob", new JsonObject { ["password"] = _password });

        var alice = Encoding.UTF8.GetString(_storage.Raw["user/alice"]);
        var bob = Encoding.UTF8.GetString(_storage.Raw["user/bob"]);
        Assert.DoesNotContain(_password, alice, StringComparison.Ordinal);
        Assert.Contains("pbkdf2-sha256$1000$", alice, StringComparison.Ordinal);
        Assert.NotEqual(JsonNode.Parse(alice)!["password_hash"]!.GetValue<string>(), JsonNode.Parse(bob)!["password_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvalidUsername_Rejected()
    {
        (await Create().WriteAsync("users/-bad-", new JsonObject { ["password"] = _password })).AssertError(ErrorCode.BadRequest, "invalid username");
    }

    [Fact]
    public void Factory_DefaultIterations_AreAtLeast600k()
    {
        var hash = new PasswordHasher().Hash("x");
        Assert.StartsWith("pbkdf2-sha256$600000$", hash, StringComparison.Ordinal);
    }

    private UserpassBackend Create(Dictionary<string, string>? options = null) =>
        new(new MountContext { Storage = _storage, Clock = _clock, Options = options ?? [] }, pbkdf2Iterations: 1000);
}
