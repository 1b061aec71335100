using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Auth.AppRole;
using Strongroom.Auth.Tests.Infrastructure;
using Strongroom.Sdk;

namespace Strongroom.Auth.Tests.AppRole;

public sealed class AppRoleBackendTests
{
    private readonly InMemoryStorageView _storage = new();
    private readonly ManualClock _clock = new();
    private readonly AppRoleBackend _backend;

    public AppRoleBackendTests()
    {
        _backend = new AppRoleBackend(new MountContext { Storage = _storage, Clock = _clock, MountPoint = "auth/approle/" });
    }

    [Fact]
    public async Task Role_CreateReadListDelete_RoundTrips()
    {
        (await _backend.WriteAsync("role/Web", new JsonObject
        {
            ["token_policies"] = "kv-read, ai-gw",
            ["token_ttl"] = "1h",
            ["token_max_ttl"] = 7200,
            ["secret_id_num_uses"] = 3,
            ["secret_id_ttl"] = "10m",
        })).AssertOk();

        var read = (await _backend.ReadAsync("role/web")).AssertOk().Data!;
        Assert.Equal(["kv-read", "ai-gw"], read["token_policies"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(3600, read["token_ttl"]!.GetValue<long>());
        Assert.Equal(7200, read["token_max_ttl"]!.GetValue<long>());
        Assert.Equal(3, read["secret_id_num_uses"]!.GetValue<int>());
        Assert.Equal(600, read["secret_id_ttl"]!.GetValue<long>());
        Assert.True(read["bind_secret_id"]!.GetValue<bool>());
        Assert.Equal(["web"], (await _backend.ListAsync("role")).Keys());

        (await _backend.DeleteAsync("role/web")).AssertOk();
        (await _backend.ReadAsync("role/web")).AssertError(ErrorCode.NotFound);
    }

    [Fact]
    public async Task Role_PartialUpdate_KeepsOtherFieldsAndRoleId()
    {
        await _backend.WriteAsync("role/web", new JsonObject { ["token_policies"] = "a", ["token_ttl"] = 60 });
        var roleId = await RoleIdAsync("web");
        (await _backend.WriteAsync("role/web", new JsonObject { ["token_ttl"] = 120 })).AssertOk();
        var read = (await _backend.ReadAsync("role/web")).AssertOk().Data!;
        Assert.Equal("a", read["token_policies"]![0]!.GetValue<string>());
        Assert.Equal(120, read["token_ttl"]!.GetValue<long>());
        Assert.Equal(roleId, await RoleIdAsync("web"));
    }

    [Theory]
    [InlineData("token_ttl", "forever")]
    [InlineData("bind_secret_id", "maybe")]
    [InlineData("secret_id_num_uses", "many")]
    public async Task Role_WrongFieldType_Returns400NamingTheField(string field, string value)
    {
        var response = await _backend.WriteAsync("role/web", new JsonObject { [field] = value });
        response.AssertError(ErrorCode.BadRequest, field);
    }

    [Fact]
    public async Task Role_TtlAboveMaxTtl_Rejected()
    {
        (await _backend.WriteAsync("role/web", new JsonObject { ["token_ttl"] = "2h", ["token_max_ttl"] = "1h" }))
            .AssertError(ErrorCode.BadRequest, "token_max_ttl");
    }

    [Fact]
    public async Task Role_BatchTokenType_RejectedWithClearMessage()
    {
        (await _backend.WriteAsync("role/web", new JsonObject { ["token_type"] = "batch" }))
            .AssertError(ErrorCode.BadRequest, "batch tokens are not supported");
    }

    [Fact]
    public async Task Role_NoBindSecretIdAndNoCidrs_Rejected()
    {
        (await _backend.WriteAsync("role/web", new JsonObject { ["bind_secret_id"] = false }))
            .AssertError(ErrorCode.BadRequest, "at least one constraint");
    }

    [Fact]
    public async Task ExistsAsync_ReflectsWhetherRoleIsStored()
    {
        var request = new LogicalRequest { Operation = Operation.Update, Path = "role/web" };
        Assert.False(await _backend.ExistsAsync(request, CancellationToken.None));
        await _backend.WriteAsync("role/web");
        Assert.True(await _backend.ExistsAsync(request, CancellationToken.None));
    }

    [Fact]
    public async Task RoleId_CustomValue_IsUsedForLogin()
    {
        await _backend.WriteAsync("role/web", new JsonObject { ["token_policies"] = "p" });
        (await _backend.WriteAsync("role/web/role-id", new JsonObject { ["role_id"] = "custom-role-id-for-test" })).AssertOk();
        Assert.Equal("custom-role-id-for-test", await RoleIdAsync("web"));
        var secretId = await NewSecretIdAsync("web");

        var login = (await Login("custom-role-id-for-test", secretId)).AssertOk();
        Assert.Equal("custom-role-id-for-test", login.Auth!.AliasName);
    }

    [Fact]
    public async Task RoleId_AlreadyUsedByAnotherRole_Rejected()
    {
        await _backend.WriteAsync("role/a");
        await _backend.WriteAsync("role/b");
        var idOfA = await RoleIdAsync("a");
        (await _backend.WriteAsync("role/b/role-id", new JsonObject { ["role_id"] = idOfA })).AssertError(ErrorCode.BadRequest, "already in use");
    }

    [Fact]
    public async Task Login_ValidRoleAndSecretId_ReturnsAuthWithRolePoliciesAndMetadata()
    {
        await _backend.WriteAsync("role/web", new JsonObject
        {
            ["token_policies"] = new JsonArray("kv-read"),
            ["token_ttl"] = "20m",
            ["token_max_ttl"] = "1h",
            ["token_num_uses"] = 5,
            ["token_period"] = 0,
        });
        var roleId = await RoleIdAsync("web");
        var generated = (await _backend.WriteAsync("role/web/secret-id", new JsonObject { ["metadata"] = "{\"team\":\"ml\"}" })).AssertOk().Data!;
        var secretId = generated["secret_id"]!.GetValue<string>();

        var login = (await Login(roleId, secretId)).AssertOk();

        var auth = login.Auth!;
        Assert.Equal(["kv-read"], auth.Policies);
        Assert.Equal(TimeSpan.FromMinutes(20), auth.Ttl);
        Assert.Equal(TimeSpan.FromHours(1), auth.MaxTtl);
        Assert.Equal(5, auth.NumUses);
        Assert.Equal(roleId, auth.AliasName);
        Assert.Equal("web", auth.Metadata["role_name"]);
        Assert.Equal("ml", auth.Metadata["team"]);
        Assert.Equal(generated["secret_id_accessor"]!.GetValue<string>(), auth.InternalData["secret_id_accessor"]);
    }

    [Fact]
    public async Task Login_WrongSecretId_Returns400InvalidRoleOrSecretId()
    {
        await _backend.WriteAsync("role/web");
        await NewSecretIdAsync("web");
        (await Login(await RoleIdAsync("web"), "not-the-secret")).AssertError(ErrorCode.BadRequest, "invalid role or secret ID");
    }

    [Fact]
    public async Task Login_UnknownRoleId_Returns400()
    {
        (await Login("no-such-role-id", "x")).AssertError(ErrorCode.BadRequest, "invalid role or secret ID");
    }

    [Fact]
    public async Task Login_MissingFields_Return400()
    {
        await _backend.WriteAsync("role/web");
        (await _backend.WriteAsync("login", new JsonObject())).AssertError(ErrorCode.BadRequest, "missing role_id");
        (await _backend.WriteAsync("login", new JsonObject { ["role_id"] = await RoleIdAsync("web") })).AssertError(ErrorCode.BadRequest, "missing secret_id");
    }

    [Fact]
    public async Task Login_SecretIdOfAnotherRole_Refused()
    {
        await _backend.WriteAsync("role/web");
        await _backend.WriteAsync("role/batch");
        var secretOfBatch = await NewSecretIdAsync("batch");
        (await Login(await RoleIdAsync("web"), secretOfBatch)).AssertError(ErrorCode.BadRequest, "invalid role or secret ID");
        (await Login(await RoleIdAsync("batch"), secretOfBatch)).AssertOk();
    }

    [Fact]
    public async Task Login_NumUsesExhausted_RefusedAfterLastUse()
    {
        await _backend.WriteAsync("role/web");
        var secretId = (await _backend.WriteAsync("role/web/secret-id", new JsonObject { ["num_uses"] = 2 })).AssertOk().Data!["secret_id"]!.GetValue<string>();
        var roleId = await RoleIdAsync("web");

        (await Login(roleId, secretId)).AssertOk();
        var lookup = (await _backend.WriteAsync("role/web/secret-id/lookup", new JsonObject { ["secret_id"] = secretId })).AssertOk();
        Assert.Equal(1, lookup.Data!["secret_id_num_uses"]!.GetValue<int>());
        (await Login(roleId, secretId)).AssertOk();
        (await Login(roleId, secretId)).AssertError(ErrorCode.BadRequest, "invalid role or secret ID");
    }

    [Fact]
    public async Task Login_RoleDefaultNumUses_AppliesToGeneratedSecretIds()
    {
        await _backend.WriteAsync("role/web", new JsonObject { ["secret_id_num_uses"] = 1 });
        var secretId = await NewSecretIdAsync("web");
        var roleId = await RoleIdAsync("web");
        (await Login(roleId, secretId)).AssertOk();
        (await Login(roleId, secretId)).AssertError(ErrorCode.BadRequest);
    }

    [Fact]
    public async Task Login_ExpiredSecretId_Refused()
    {
        await _backend.WriteAsync("role/web", new JsonObject { ["secret_id_ttl"] = "10m" });
        var secretId = await NewSecretIdAsync("web");
        var roleId = await RoleIdAsync("web");

        _clock.Advance(TimeSpan.FromMinutes(9));
        (await Login(roleId, secretId)).AssertOk();
        _clock.Advance(TimeSpan.FromMinutes(2));
        (await Login(roleId, secretId)).AssertError(ErrorCode.BadRequest, "invalid role or secret ID");
    }

    [Fact]
    public async Task GenerateSecretId_TtlLongerThanRoleTtl_Rejected()
    {
        await _backend.WriteAsync("role/web", new JsonObject { ["secret_id_ttl"] = "10m" });
        (await _backend.WriteAsync("role/web/secret-id", new JsonObject { ["ttl"] = "1h" })).AssertError(ErrorCode.BadRequest, "ttl");
    }

    [Fact]
    public async Task Login_SecretIdCidrList_AllowsOnlyListedSources()
    {
        await _backend.WriteAsync("role/web");
        var secretId = (await _backend.WriteAsync("role/web/secret-id", new JsonObject
        {
            ["cidr_list"] = "10.1.0.0/16",
            ["token_bound_cidrs"] = new JsonArray("10.1.2.0/24"),
        })).AssertOk().Data!["secret_id"]!.GetValue<string>();
        var roleId = await RoleIdAsync("web");

        (await Login(roleId, secretId, remote: "192.168.1.1")).AssertError(ErrorCode.BadRequest, "CIDR");
        var ok = (await Login(roleId, secretId, remote: "10.1.200.3")).AssertOk();
        Assert.Equal(["10.1.2.0/24"], ok.Auth!.BoundCidrs);
    }

    [Fact]
    public async Task Login_RoleSecretIdBoundCidrs_AllowsOnlyListedSources()
    {
        await _backend.WriteAsync("role/web", new JsonObject { ["secret_id_bound_cidrs"] = "172.16.0.0/12", ["token_bound_cidrs"] = "172.16.0.0/12" });
        var secretId = await NewSecretIdAsync("web");
        var roleId = await RoleIdAsync("web");
        (await Login(roleId, secretId, remote: "127.0.0.1")).AssertError(ErrorCode.BadRequest, "CIDR");
        var ok = (await Login(roleId, secretId, remote: "::ffff:172.20.1.1")).AssertOk();
        Assert.Equal(["172.16.0.0/12"], ok.Auth!.BoundCidrs);
    }

    [Fact]
    public async Task GenerateSecretId_CidrOutsideRoleCidrs_Rejected()
    {
        await _backend.WriteAsync("role/web", new JsonObject { ["secret_id_bound_cidrs"] = "10.0.0.0/8" });
        (await _backend.WriteAsync("role/web/secret-id", new JsonObject { ["cidr_list"] = "192.168.0.0/16" }))
            .AssertError(ErrorCode.BadRequest, "subset");
        (await _backend.WriteAsync("role/web/secret-id", new JsonObject { ["cidr_list"] = "10.2.0.0/16" })).AssertOk();
    }

    [Fact]
    public async Task Login_BindSecretIdFalse_LogsInWithRoleIdFromAllowedCidr()
    {
        await _backend.WriteAsync("role/ci", new JsonObject { ["bind_secret_id"] = false, ["secret_id_bound_cidrs"] = "127.0.0.0/8" });
        var roleId = await RoleIdAsync("ci");
        var ok = (await _backend.WriteAsync("login", new JsonObject { ["role_id"] = roleId })).AssertOk();
        Assert.Equal("ci", ok.Auth!.Metadata["role_name"]);
        (await _backend.WriteAsync("login", new JsonObject { ["role_id"] = roleId }, remote: "8.8.8.8")).AssertError(ErrorCode.BadRequest, "CIDR");
        (await _backend.WriteAsync("role/ci/secret-id")).AssertError(ErrorCode.BadRequest, "bind_secret_id");
    }

    [Fact]
    public async Task CustomSecretId_LogsInAndDuplicatesRejected()
    {
        await _backend.WriteAsync("role/web");
        var custom = "custom-" + Guid.NewGuid().ToString("N");
        var created = (await _backend.WriteAsync("role/web/custom-secret-id", new JsonObject { ["secret_id"] = custom })).AssertOk();
        Assert.Equal(custom, created.Data!["secret_id"]!.GetValue<string>());
        (await Login(await RoleIdAsync("web"), custom)).AssertOk();
        (await _backend.WriteAsync("role/web/custom-secret-id", new JsonObject { ["secret_id"] = custom })).AssertError(ErrorCode.BadRequest, "already registered");
        (await _backend.WriteAsync("role/web/custom-secret-id", new JsonObject())).AssertError(ErrorCode.BadRequest, "missing secret_id");
    }

    [Fact]
    public async Task SecretIdLookup_ByValueAndByAccessor_ReturnProperties()
    {
        await _backend.WriteAsync("role/web");
        var generated = (await _backend.WriteAsync("role/web/secret-id", new JsonObject
        {
            ["metadata"] = new JsonObject { ["env"] = "prod" },
            ["ttl"] = "1h",
            ["num_uses"] = 4,
        })).AssertOk().Data!;
        var secretId = generated["secret_id"]!.GetValue<string>();
        var accessor = generated["secret_id_accessor"]!.GetValue<string>();
        Assert.Equal(3600, generated["secret_id_ttl"]!.GetValue<long>());
        Assert.Equal(4, generated["secret_id_num_uses"]!.GetValue<int>());

        var byValue = (await _backend.WriteAsync("role/web/secret-id/lookup", new JsonObject { ["secret_id"] = secretId })).AssertOk().Data!;
        var byAccessor = (await _backend.WriteAsync("role/web/secret-id-accessor/lookup", new JsonObject { ["secret_id_accessor"] = accessor })).AssertOk().Data!;

        foreach (var data in new[] { byValue, byAccessor })
        {
            Assert.Equal(accessor, data["secret_id_accessor"]!.GetValue<string>());
            Assert.Equal("prod", data["metadata"]!["env"]!.GetValue<string>());
            Assert.Equal("2030-01-02T04:04:05Z", data["expiration_time"]!.GetValue<string>());
            Assert.False(data.ContainsKey("secret_id"));
        }

        (await _backend.WriteAsync("role/web/secret-id/lookup", new JsonObject { ["secret_id"] = "nope" })).AssertError(ErrorCode.NotFound);
        (await _backend.WriteAsync("role/web/secret-id-accessor/lookup", new JsonObject { ["secret_id_accessor"] = "nope" })).AssertError(ErrorCode.NotFound);
    }

    [Fact]
    public async Task SecretIdDestroy_ByValue_LoginThenRefused()
    {
        await _backend.WriteAsync("role/web");
        var secretId = await NewSecretIdAsync("web");
        (await _backend.WriteAsync("role/web/secret-id/destroy", new JsonObject { ["secret_id"] = secretId })).AssertOk();
        (await Login(await RoleIdAsync("web"), secretId)).AssertError(ErrorCode.BadRequest);
        (await _backend.ListAsync("role/web/secret-id")).AssertError(ErrorCode.NotFound);
    }

    [Fact]
    public async Task SecretIdDestroy_ByAccessorWithDelete_RemovesItFromList()
    {
        await _backend.WriteAsync("role/web");
        var first = (await _backend.WriteAsync("role/web/secret-id")).AssertOk().Data!;
        var second = (await _backend.WriteAsync("role/web/secret-id")).AssertOk().Data!;
        var firstAccessor = first["secret_id_accessor"]!.GetValue<string>();
        var secondAccessor = second["secret_id_accessor"]!.GetValue<string>();
        Assert.Equal(new[] { firstAccessor, secondAccessor }.Order(StringComparer.Ordinal), (await _backend.ListAsync("role/web/secret-id")).Keys());

        (await _backend.DeleteAsync("role/web/secret-id-accessor/destroy", new JsonObject { ["secret_id_accessor"] = firstAccessor })).AssertOk();

        Assert.Equal([secondAccessor], (await _backend.ListAsync("role/web/secret-id")).Keys());
        (await Login(await RoleIdAsync("web"), first["secret_id"]!.GetValue<string>())).AssertError(ErrorCode.BadRequest);
        (await Login(await RoleIdAsync("web"), second["secret_id"]!.GetValue<string>())).AssertOk();
    }

    [Fact]
    public async Task Tidy_RemovesOnlyExpiredSecretIds()
    {
        await _backend.WriteAsync("role/web");
        var shortLived = (await _backend.WriteAsync("role/web/secret-id", new JsonObject { ["ttl"] = "1m" })).AssertOk().Data!;
        var longLived = (await _backend.WriteAsync("role/web/secret-id", new JsonObject { ["ttl"] = "1h" })).AssertOk().Data!;
        _clock.Advance(TimeSpan.FromMinutes(5));

        var tidy = (await _backend.WriteAsync("tidy/secret-id")).AssertOk();

        Assert.Contains(tidy.Warnings, w => w.Contains("removed 1", StringComparison.Ordinal));
        Assert.Equal([longLived["secret_id_accessor"]!.GetValue<string>()], (await _backend.ListAsync("role/web/secret-id")).Keys());
        Assert.DoesNotContain(_storage.Raw.Keys, k => k.Contains(shortLived["secret_id_accessor"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteRole_RemovesSecretIdsAndRoleIdIndex()
    {
        await _backend.WriteAsync("role/web");
        var roleId = await RoleIdAsync("web");
        var secretId = await NewSecretIdAsync("web");
        await _backend.DeleteAsync("role/web");
        await _backend.WriteAsync("role/web");

        Assert.NotEqual(roleId, await RoleIdAsync("web"));
        (await Login(roleId, secretId)).AssertError(ErrorCode.BadRequest);
        Assert.DoesNotContain(_storage.Raw.Keys, k => k.StartsWith("secret-id/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Storage_NeverContainsSecretIdOrRoleIdInPlaintext()
    {
        await _backend.WriteAsync("role/web/", new JsonObject { ["role_id"] = "plain-role-id-marker" });
        var secretId = await NewSecretIdAsync("web");
        await Login("plain-role-id-marker", secretId);

        foreach (var (key, value) in _storage.Raw)
        {
            Assert.DoesNotContain(secretId, key, StringComparison.Ordinal);
            Assert.DoesNotContain(secretId, Encoding.UTF8.GetString(value), StringComparison.Ordinal);
            Assert.DoesNotContain("plain-role-id-marker", key, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UnauthenticatedPaths_AreLoginOnly()
    {
        Assert.Equal(["login"], _backend.UnauthenticatedPaths);
    }

    [Fact]
    public async Task UnknownPath_Returns404AndWrongVerb405()
    {
        (await _backend.ReadAsync("nope")).AssertError(ErrorCode.NotFound);
        (await _backend.ReadAsync("role/web/secret-id")).AssertError(ErrorCode.UnsupportedOperation);
    }

    private async Task<string> RoleIdAsync(string role) =>
        (await _backend.ReadAsync($"role/{role}/role-id")).AssertOk().Data!["role_id"]!.GetValue<string>();

    private async Task<string> NewSecretIdAsync(string role) =>
        (await _backend.WriteAsync($"role/{role}/secret-id")).AssertOk().Data!["secret_id"]!.GetValue<string>();

    private ValueTask<LogicalResponse> Login(string roleId, string secretId, string remote = "127.0.0.1") =>
        _backend.WriteAsync("login", new JsonObject { ["role_id"] = roleId, ["secret_id"] = secretId }, remote);
}
