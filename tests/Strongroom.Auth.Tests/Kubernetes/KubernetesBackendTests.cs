using System.Text.Json.Nodes;
using Strongroom.Auth.Kubernetes;
using Strongroom.Auth.Tests.Infrastructure;
using Strongroom.Sdk;

namespace Strongroom.Auth.Tests.Kubernetes;

public sealed class KubernetesBackendTests : IClassFixture<FakeKubernetesApiServer>, IDisposable
{
    private readonly FakeKubernetesApiServer _api;
    private readonly string _emptyDir = Directory.CreateTempSubdirectory("sr-k8s-").FullName;
    private readonly KubernetesBackend _backend;
    private readonly string _reviewer = "reviewer-" + Guid.NewGuid().ToString("N");

    public KubernetesBackendTests(FakeKubernetesApiServer api)
    {
        _api = api;
        _api.ReviewerTokens.Add(_reviewer);
        _backend = new KubernetesBackend(new MountContext { Storage = new InMemoryStorageView(), MountPoint = "auth/kubernetes/" }, _emptyDir);
    }

    public void Dispose() => Directory.Delete(_emptyDir, recursive: true);

    [Fact]
    public async Task Login_ValidServiceAccount_ReturnsAuthWithServiceAccountMetadata()
    {
        await Configure();
        await WriteRole(new JsonObject { ["token_policies"] = "ai-agent", ["token_ttl"] = "10m" });
        var jwt = _api.Register("ml", "agent");

        var auth = (await Login(jwt)).AssertOk().Auth!;

        Assert.Equal(["ai-agent"], auth.Policies);
        Assert.Equal(TimeSpan.FromMinutes(10), auth.Ttl);
        Assert.Equal(_api.UidOf(jwt), auth.AliasName);
        Assert.Equal("ml-agent", auth.DisplayName);
        Assert.Equal("agent", auth.Metadata["service_account_name"]);
        Assert.Equal("ml", auth.Metadata["service_account_namespace"]);
        Assert.Equal(_api.UidOf(jwt), auth.Metadata["service_account_uid"]);
        Assert.Equal("app", auth.Metadata["role"]);
    }

    [Fact]
    public async Task Login_SendsRealTokenReviewWithReviewerJwtAndAudience()
    {
        await Configure();
        await WriteRole(new JsonObject { ["audience"] = "strongroom" });
        var jwt = _api.Register("ml", "agent", "strongroom");
        _api.ReviewRequests.Clear();

        (await Login(jwt)).AssertOk();

        var review = Assert.Single(_api.ReviewRequests);
        Assert.Equal("authentication.k8s.io/v1", review["apiVersion"]!.GetValue<string>());
        Assert.Equal("TokenReview", review["kind"]!.GetValue<string>());
        Assert.Equal(jwt, review["spec"]!["token"]!.GetValue<string>());
        Assert.Equal("strongroom", review["spec"]!["audiences"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_WrongAudience_Denied()
    {
        await Configure();
        await WriteRole(new JsonObject { ["audience"] = "strongroom" });
        var jwt = _api.Register("ml", "agent", "some-other-service");
        (await Login(jwt)).AssertError(ErrorCode.PermissionDenied, "not authenticated");
    }

    [Fact]
    public async Task Login_AliasNameSourceServiceAccountName_UsesNamespaceSlashName()
    {
        await Configure();
        await WriteRole(new JsonObject { ["alias_name_source"] = "serviceaccount_name" });
        var auth = (await Login(_api.Register("ml", "agent"))).AssertOk().Auth!;
        Assert.Equal("ml/agent", auth.AliasName);
    }

    [Fact]
    public async Task Login_TokenNotAuthenticated_Denied()
    {
        await Configure();
        await WriteRole();
        (await Login("sa-never-issued")).AssertError(ErrorCode.PermissionDenied, "not authenticated");
    }

    [Fact]
    public async Task Login_WrongNamespace_Denied()
    {
        await Configure();
        await WriteRole();
        (await Login(_api.Register("default", "agent"))).AssertError(ErrorCode.PermissionDenied, "namespace not authorized");
    }

    [Fact]
    public async Task Login_WrongServiceAccountName_Denied()
    {
        await Configure();
        await WriteRole();
        (await Login(_api.Register("ml", "intruder"))).AssertError(ErrorCode.PermissionDenied, "service account name not authorized");
    }

    [Fact]
    public async Task Login_GlobBindings_MatchPrefixesAndSuffixes()
    {
        await Configure();
        await WriteRole(new JsonObject { ["bound_service_account_names"] = "*-agent", ["bound_service_account_namespaces"] = "team-*" });
        (await Login(_api.Register("team-a", "ml-agent"))).AssertOk();
        (await Login(_api.Register("prod", "ml-agent"))).AssertError(ErrorCode.PermissionDenied, "namespace");
        (await Login(_api.Register("team-a", "agent-x"))).AssertError(ErrorCode.PermissionDenied, "name");
    }

    [Fact]
    public async Task Login_WithoutReviewerJwt_UsesTheLoginJwtAsBearer()
    {
        (await _backend.WriteAsync("config", new JsonObject { ["kubernetes_host"] = _api.Host, ["kubernetes_ca_cert"] = _api.Certificates.CaPem })).AssertOk();
        await WriteRole();
        (await Login(_api.Register("ml", "agent"))).AssertOk();
    }

    [Fact]
    public async Task Login_ReviewerJwtRejectedByApiServer_Denied()
    {
        (await _backend.WriteAsync("config", new JsonObject
        {
            ["kubernetes_host"] = _api.Host,
            ["kubernetes_ca_cert"] = _api.Certificates.CaPem,
            ["token_reviewer_jwt"] = "not-a-reviewer",
        })).AssertOk();
        await WriteRole();
        (await Login(_api.Register("ml", "agent"))).AssertError(ErrorCode.PermissionDenied, "refused");
    }

    [Fact]
    public async Task Login_ServerCertNotSignedByConfiguredCa_FailsWithoutReachingReview()
    {
        using var otherCa = TestCertificates.Create("Other CA");
        (await _backend.WriteAsync("config", new JsonObject
        {
            ["kubernetes_host"] = _api.Host,
            ["kubernetes_ca_cert"] = otherCa.CaPem,
            ["token_reviewer_jwt"] = _reviewer,
            ["disable_local_ca_jwt"] = true,
        })).AssertOk();
        await WriteRole();
        _api.ReviewRequests.Clear();

        (await Login(_api.Register("ml", "agent"))).AssertError(ErrorCode.Internal, "TLS");
        Assert.Empty(_api.ReviewRequests);
    }

    [Fact]
    public async Task Login_LocalServiceAccountFiles_UsedWhenConfigOmitsCaAndJwt()
    {
        var dir = Directory.CreateTempSubdirectory("sr-sa-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "ca.crt"), _api.Certificates.CaPem);
            await File.WriteAllTextAsync(Path.Combine(dir, "token"), _reviewer + "\n");
            var backend = new KubernetesBackend(new MountContext { Storage = new InMemoryStorageView() }, dir);
            (await backend.WriteAsync("config", new JsonObject { ["kubernetes_host"] = _api.Host })).AssertOk();
            (await backend.WriteAsync("role/app", RoleData())).AssertOk();

            (await backend.WriteAsync("login", new JsonObject { ["role"] = "app", ["jwt"] = _api.Register("ml", "agent") })).AssertOk();

            (await backend.WriteAsync("config", new JsonObject { ["kubernetes_host"] = _api.Host, ["disable_local_ca_jwt"] = true })).AssertOk();
            (await backend.WriteAsync("login", new JsonObject { ["role"] = "app", ["jwt"] = _api.Register("ml", "agent") })).AssertError(ErrorCode.Internal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Login_TokenBoundCidrs_RefusesOtherSources()
    {
        await Configure();
        await WriteRole(new JsonObject { ["token_bound_cidrs"] = "10.0.0.0/8" });
        (await Login(_api.Register("ml", "agent"))).AssertError(ErrorCode.PermissionDenied, "CIDR");
    }

    [Fact]
    public async Task Login_MissingFieldsOrRole_Rejected()
    {
        await Configure();
        (await _backend.WriteAsync("login", new JsonObject { ["jwt"] = "x" })).AssertError(ErrorCode.BadRequest, "missing role");
        (await _backend.WriteAsync("login", new JsonObject { ["role"] = "app" })).AssertError(ErrorCode.BadRequest, "missing jwt");
        (await _backend.WriteAsync("login", new JsonObject { ["role"] = "nope", ["jwt"] = "x" })).AssertError(ErrorCode.BadRequest, "invalid role name");
    }

    [Fact]
    public async Task Config_ReadHidesReviewerJwt()
    {
        await Configure();
        var read = (await _backend.ReadAsync("config")).AssertOk().Data!;
        Assert.Equal(_api.Host, read["kubernetes_host"]!.GetValue<string>());
        Assert.True(read["token_reviewer_jwt_set"]!.GetValue<bool>());
        Assert.DoesNotContain(_reviewer, read.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_Invalid_Rejected()
    {
        (await _backend.WriteAsync("config", new JsonObject())).AssertError(ErrorCode.BadRequest, "no host");
        (await _backend.WriteAsync("config", new JsonObject { ["kubernetes_host"] = _api.Host, ["kubernetes_ca_cert"] = "not a pem" }))
            .AssertError(ErrorCode.BadRequest, "kubernetes_ca_cert");
    }

    [Fact]
    public async Task Role_Validation_RequiresBindingsAndRejectsDoubleWildcard()
    {
        (await _backend.WriteAsync("role/app", new JsonObject { ["bound_service_account_namespaces"] = "ml" })).AssertError(ErrorCode.BadRequest, "bound_service_account_names");
        (await _backend.WriteAsync("role/app", new JsonObject { ["bound_service_account_names"] = "a" })).AssertError(ErrorCode.BadRequest, "bound_service_account_namespaces");
        (await _backend.WriteAsync("role/app", new JsonObject { ["bound_service_account_names"] = "*", ["bound_service_account_namespaces"] = "*" }))
            .AssertError(ErrorCode.BadRequest, "both be \"*\"");
        (await _backend.WriteAsync("role/app", new JsonObject { ["bound_service_account_names"] = "a", ["bound_service_account_namespaces"] = "b", ["alias_name_source"] = "x" }))
            .AssertError(ErrorCode.BadRequest, "alias_name_source");
    }

    [Fact]
    public async Task Role_ReadListDelete_RoundTrips()
    {
        await WriteRole(new JsonObject { ["audience"] = "strongroom" });
        var read = (await _backend.ReadAsync("role/app")).AssertOk().Data!;
        Assert.Equal("agent", read["bound_service_account_names"]![0]!.GetValue<string>());
        Assert.Equal("strongroom", read["audience"]!.GetValue<string>());
        Assert.Equal("serviceaccount_uid", read["alias_name_source"]!.GetValue<string>());
        Assert.Equal(["app"], (await _backend.ListAsync("role")).Keys());
        (await _backend.DeleteAsync("role/app")).AssertOk();
        (await _backend.ReadAsync("role/app")).AssertError(ErrorCode.NotFound);
    }

    private async Task Configure() =>
        (await _backend.WriteAsync("config", new JsonObject
        {
            ["kubernetes_host"] = _api.Host,
            ["kubernetes_ca_cert"] = _api.Certificates.CaPem,
            ["token_reviewer_jwt"] = _reviewer,
        })).AssertOk();

    private static JsonObject RoleData(JsonObject? extra = null)
    {
        var data = new JsonObject { ["bound_service_account_names"] = "agent", ["bound_service_account_namespaces"] = new JsonArray("ml") };
        foreach (var (key, value) in extra ?? [])
        {
            data[key] = value?.DeepClone();
        }

        return data;
    }

    private async Task WriteRole(JsonObject? extra = null) => (await _backend.WriteAsync("role/app", RoleData(extra))).AssertOk();

    private ValueTask<LogicalResponse> Login(string jwt) =>
        _backend.WriteAsync("login", new JsonObject { ["role"] = "app", ["jwt"] = jwt });
}
