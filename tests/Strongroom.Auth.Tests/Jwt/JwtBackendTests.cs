using System.Text.Json.Nodes;
using Strongroom.Auth.Jwt;
using Strongroom.Auth.Tests.Infrastructure;
using Strongroom.Sdk;

namespace Strongroom.Auth.Tests.Jwt;

/// <summary>One loopback identity provider and two run-time keys shared by the class (key generation and Kestrel start-up are slow).</summary>
public sealed class JwtIdentityProviderFixture : IAsyncLifetime
{
    internal TestSigner Rsa { get; } = TestSigner.Rsa("rsa-1");

    internal TestSigner Ec { get; } = TestSigner.EcP256("ec-1");

    internal JwksServer Idp { get; private set; } = null!;

    public async Task InitializeAsync() => Idp = await JwksServer.StartAsync(Rsa, Ec);

    public async Task DisposeAsync()
    {
        await Idp.DisposeAsync();
        Rsa.Dispose();
        Ec.Dispose();
    }
}

public sealed class JwtBackendTests : IClassFixture<JwtIdentityProviderFixture>
{
    private const string Audience = "strongroom-test";
    private readonly ManualClock _clock = new();
    private readonly TestSigner _rsa;
    private readonly TestSigner _ec;
    private readonly JwksServer _idp;
    private readonly JwtBackend _backend;

    public JwtBackendTests(JwtIdentityProviderFixture fixture)
    {
        _rsa = fixture.Rsa;
        _ec = fixture.Ec;
        _idp = fixture.Idp;
        _backend = new JwtBackend(new MountContext { Storage = new InMemoryStorageView(), Clock = _clock, MountPoint = "auth/jwt/" });
    }

    [Fact]
    public async Task Login_Rs256WithStaticPublicKey_ReturnsAuthForUserClaim()
    {
        (await _backend.WriteAsync("config", new JsonObject { ["jwt_validation_pubkeys"] = new JsonArray(_rsa.PublicKeyPem()), ["bound_issuer"] = "https://issuer.test" })).AssertOk();
        await WriteRole(new JsonObject
        {
            ["claim_mappings"] = new JsonObject { ["email"] = "email", ["/org/team"] = "team" },
            ["groups_claim"] = "groups",
            ["token_policies"] = "ai-reader",
            ["token_ttl"] = "15m",
        });

        var claims = Claims();
        claims["email"] = "svc@example.test";
        claims["org"] = new JsonObject { ["team"] = "ml" };
        claims["groups"] = new JsonArray("a", "b");
        var auth = (await Login(_rsa.Sign(claims))).AssertOk().Auth!;

        Assert.Equal("workload-42", auth.AliasName);
        Assert.Equal(["ai-reader"], auth.Policies);
        Assert.Equal(TimeSpan.FromMinutes(15), auth.Ttl);
        Assert.Equal("web", auth.Metadata["role"]);
        Assert.Equal("svc@example.test", auth.Metadata["email"]);
        Assert.Equal("ml", auth.Metadata["team"]);
        Assert.Equal("[\"a\",\"b\"]", auth.InternalData["groups"]);
    }

    [Fact]
    public async Task Login_Es256ViaJwksUrl_Succeeds()
    {
        await ConfigureJwks();
        await WriteRole();
        var auth = (await Login(_ec.Sign(Claims()))).AssertOk().Auth!;
        Assert.Equal("workload-42", auth.AliasName);
    }

    [Fact]
    public async Task Login_ViaOidcDiscovery_ChecksDiscoveredIssuer()
    {
        (await _backend.WriteAsync("config", new JsonObject { ["oidc_discovery_url"] = _idp.Issuer })).AssertOk();
        await WriteRole();

        (await Login(_rsa.Sign(Claims(issuer: _idp.Issuer)))).AssertOk();
        (await Login(_rsa.Sign(Claims(issuer: "https://evil.test")))).AssertError(ErrorCode.BadRequest, "issuer");
    }

    [Fact]
    public async Task Login_ExpiredToken_Rejected()
    {
        await ConfigureJwks();
        await WriteRole();
        var claims = Claims();
        claims["exp"] = Unix(_clock.GetUtcNow().AddHours(-1));
        (await Login(_rsa.Sign(claims))).AssertError(ErrorCode.BadRequest, "expired");
    }

    [Fact]
    public async Task Login_ExpiredWithinLeeway_AcceptedUnlessLeewayDisabled()
    {
        await ConfigureJwks();
        await WriteRole();
        var claims = Claims();
        claims["exp"] = Unix(_clock.GetUtcNow().AddSeconds(-30));
        (await Login(_rsa.Sign(claims))).AssertOk();

        await WriteRole(new JsonObject { ["clock_skew_leeway"] = -1, ["expiration_leeway"] = -1 });
        (await Login(_rsa.Sign(claims))).AssertError(ErrorCode.BadRequest, "expired");
    }

    [Fact]
    public async Task Login_ExpiryFollowsInjectedClock()
    {
        await ConfigureJwks();
        await WriteRole(new JsonObject { ["clock_skew_leeway"] = 0, ["expiration_leeway"] = 0 });
        var token = _rsa.Sign(Claims());
        (await Login(token)).AssertOk();
        _clock.Advance(TimeSpan.FromMinutes(11));
        (await Login(token)).AssertError(ErrorCode.BadRequest, "expired");
    }

    [Fact]
    public async Task Login_NotYetValidToken_Rejected()
    {
        await ConfigureJwks();
        await WriteRole();
        var claims = Claims();
        claims["nbf"] = Unix(_clock.GetUtcNow().AddHours(1));
        (await Login(_rsa.Sign(claims))).AssertError(ErrorCode.BadRequest, "not yet valid");
    }

    [Fact]
    public async Task Login_WrongAudience_Rejected()
    {
        await ConfigureJwks();
        await WriteRole();
        (await Login(_rsa.Sign(Claims(audience: "someone-else")))).AssertError(ErrorCode.BadRequest, "audience");
    }

    [Fact]
    public async Task Login_AudienceInTokenButNoneBound_Rejected()
    {
        await ConfigureJwks();
        await WriteRole(new JsonObject { ["bound_audiences"] = new JsonArray(), ["bound_subject"] = "workload-42" });
        (await Login(_rsa.Sign(Claims()))).AssertError(ErrorCode.BadRequest, "no audiences bound");
    }

    [Fact]
    public async Task Login_WrongIssuer_Rejected()
    {
        await ConfigureJwks(boundIssuer: "https://issuer.test");
        await WriteRole();
        (await Login(_rsa.Sign(Claims(issuer: "https://other.test")))).AssertError(ErrorCode.BadRequest, "issuer");
    }

    [Fact]
    public async Task Login_AlgNone_Rejected()
    {
        await ConfigureJwks();
        await WriteRole();
        (await Login(TestSigner.Unsigned(Claims()))).AssertError(ErrorCode.BadRequest, "alg \"none\"");
    }

    [Fact]
    public async Task Login_EdDsaToken_RejectedAsUnsupported()
    {
        await ConfigureJwks();
        await WriteRole();
        (await Login(TestSigner.Unsigned(Claims(), alg: "EdDSA") + "c2ln")).AssertError(ErrorCode.BadRequest, "unsupported signing algorithm");
    }

    [Fact]
    public async Task Login_SignedByUnknownKey_Rejected()
    {
        await ConfigureJwks();
        await WriteRole();
        using var stranger = TestSigner.Rsa("stranger");
        (await Login(stranger.Sign(Claims()))).AssertError(ErrorCode.BadRequest, "unknown key");
    }

    [Fact]
    public async Task Login_ForgedWithKnownKidButOtherKey_SignatureRejected()
    {
        await ConfigureJwks();
        await WriteRole();
        using var forger = TestSigner.Rsa("rsa-1");
        (await Login(forger.Sign(Claims()))).AssertError(ErrorCode.BadRequest, "signature verification failed");
    }

    [Fact]
    public async Task Login_StaticKeyMismatch_Rejected()
    {
        (await _backend.WriteAsync("config", new JsonObject { ["jwt_validation_pubkeys"] = _ec.PublicKeyPem() })).AssertOk();
        await WriteRole();
        (await Login(_rsa.Sign(Claims()))).AssertError(ErrorCode.BadRequest, "key");
    }

    [Fact]
    public async Task Jwks_IsCachedAndRefreshedOnUnknownKid()
    {
        await ConfigureJwks();
        await WriteRole();
        var fetchesAfterConfig = _idp.KeyFetches;
        (await Login(_rsa.Sign(Claims()))).AssertOk();
        (await Login(_ec.Sign(Claims()))).AssertOk();
        Assert.Equal(fetchesAfterConfig, _idp.KeyFetches);

        var rotated = TestSigner.Rsa("rsa-2-" + Guid.NewGuid().ToString("N")); // stays published for the fixture's lifetime
        _idp.Publish(rotated);
        (await Login(rotated.Sign(Claims()))).AssertOk();
        Assert.Equal(fetchesAfterConfig + 1, _idp.KeyFetches);
    }

    [Fact]
    public async Task Login_BoundClaimsExactAndGlob()
    {
        await ConfigureJwks();
        await WriteRole(new JsonObject { ["bound_claims"] = new JsonObject { ["/ci/branch"] = new JsonArray("main", "release") } });
        var claims = Claims();
        claims["ci"] = new JsonObject { ["branch"] = "feature-x" };
        (await Login(_rsa.Sign(claims))).AssertError(ErrorCode.BadRequest, "does not match any associated bound claim values");
        claims["ci"] = new JsonObject { ["branch"] = "main" };
        (await Login(_rsa.Sign(claims))).AssertOk();

        await WriteRole(new JsonObject { ["bound_claims_type"] = "glob", ["bound_claims"] = new JsonObject { ["repo"] = "acme/*-service" } });
        claims["repo"] = "acme/payments-service";
        (await Login(_rsa.Sign(claims))).AssertOk();
        claims["repo"] = "evil/payments-service";
        (await Login(_rsa.Sign(claims))).AssertError(ErrorCode.BadRequest, "bound claim");
        claims.Remove("repo");
        (await Login(_rsa.Sign(claims))).AssertError(ErrorCode.BadRequest, "missing");
    }

    [Fact]
    public async Task Login_BoundClaimsListClaim_AnyElementMatches()
    {
        await ConfigureJwks();
        await WriteRole(new JsonObject { ["bound_claims"] = new JsonObject { ["groups"] = "admins" } });
        var claims = Claims();
        claims["groups"] = new JsonArray("dev", "admins");
        (await Login(_rsa.Sign(claims))).AssertOk();
    }

    [Fact]
    public async Task Login_BoundSubjectMismatch_Rejected()
    {
        await ConfigureJwks();
        await WriteRole(new JsonObject { ["bound_subject"] = "someone-else" });
        (await Login(_rsa.Sign(Claims()))).AssertError(ErrorCode.BadRequest, "bound subject");
    }

    [Fact]
    public async Task Login_MissingUserClaim_Rejected()
    {
        await ConfigureJwks();
        await WriteRole(new JsonObject { ["user_claim"] = "email" });
        (await Login(_rsa.Sign(Claims()))).AssertError(ErrorCode.BadRequest, "claim \"email\" not found");
    }

    [Fact]
    public async Task Login_OidcRoleType_Refused()
    {
        await ConfigureJwks();
        await WriteRole(new JsonObject { ["role_type"] = "oidc" });
        (await Login(_rsa.Sign(Claims()))).AssertError(ErrorCode.BadRequest, "oidc role_type");
    }

    [Fact]
    public async Task Login_MalformedOrMissingToken_Rejected()
    {
        await ConfigureJwks();
        await WriteRole();
        (await Login("not.a.jwt")).AssertError(ErrorCode.BadRequest, "well-formed");
        (await _backend.WriteAsync("login", new JsonObject { ["role"] = "web" })).AssertError(ErrorCode.BadRequest, "missing token");
        (await _backend.WriteAsync("login", new JsonObject { ["role"] = "nope", ["jwt"] = "x" })).AssertError(ErrorCode.BadRequest, "could not be found");
    }

    [Fact]
    public async Task Login_DefaultRole_UsedWhenRoleOmitted()
    {
        (await _backend.WriteAsync("config", new JsonObject { ["jwks_url"] = _idp.JwksUrl, ["default_role"] = "web" })).AssertOk();
        await WriteRole();
        (await _backend.WriteAsync("login", new JsonObject { ["jwt"] = _rsa.Sign(Claims()) })).AssertOk();
    }

    [Fact]
    public async Task Config_ZeroOrSeveralKeySources_Rejected()
    {
        (await _backend.WriteAsync("config", new JsonObject { ["bound_issuer"] = "x" })).AssertError(ErrorCode.BadRequest, "exactly one");
        (await _backend.WriteAsync("config", new JsonObject { ["jwks_url"] = _idp.JwksUrl, ["jwt_validation_pubkeys"] = _rsa.PublicKeyPem() }))
            .AssertError(ErrorCode.BadRequest, "exactly one");
        (await _backend.WriteAsync("config", new JsonObject { ["jwt_validation_pubkeys"] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----" }))
            .AssertError(ErrorCode.BadRequest, "jwt_validation_pubkeys");
        (await _backend.WriteAsync("config", new JsonObject { ["jwks_url"] = _idp.Issuer + "/missing" })).AssertError(ErrorCode.BadRequest, "error fetching keys");
        (await _backend.WriteAsync("config", new JsonObject { ["jwks_url"] = _idp.JwksUrl, ["jwt_supported_algs"] = "EdDSA" }))
            .AssertError(ErrorCode.BadRequest, "unsupported signing algorithm");
    }

    [Fact]
    public async Task Config_Read_NeverReturnsClientSecret()
    {
        var secret = "cs-" + Guid.NewGuid().ToString("N");
        (await _backend.WriteAsync("config", new JsonObject { ["jwks_url"] = _idp.JwksUrl, ["oidc_client_id"] = "id", ["oidc_client_secret"] = secret })).AssertOk();
        var read = (await _backend.ReadAsync("config")).AssertOk().Data!;
        Assert.Equal(_idp.JwksUrl, read["jwks_url"]!.GetValue<string>());
        Assert.DoesNotContain(secret, read.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_Validation_RequiresUserClaimAndABinding()
    {
        (await _backend.WriteAsync("role/web", new JsonObject { ["role_type"] = "jwt", ["bound_audiences"] = Audience })).AssertError(ErrorCode.BadRequest, "user claim");
        (await _backend.WriteAsync("role/web", new JsonObject { ["role_type"] = "jwt", ["user_claim"] = "sub" })).AssertError(ErrorCode.BadRequest, "bound constraint");
        (await _backend.WriteAsync("role/web", new JsonObject { ["role_type"] = "jwt", ["user_claim"] = "sub", ["bound_audiences"] = Audience, ["bound_claims_type"] = "regex" }))
            .AssertError(ErrorCode.BadRequest, "bound_claims_type");
    }

    [Fact]
    public async Task Role_ReadListDelete_RoundTrips()
    {
        await WriteRole(new JsonObject { ["bound_claims"] = new JsonObject { ["env"] = new JsonArray("prod", "stage") } });
        var read = (await _backend.ReadAsync("role/web")).AssertOk().Data!;
        Assert.Equal("jwt", read["role_type"]!.GetValue<string>());
        Assert.Equal(Audience, read["bound_audiences"]![0]!.GetValue<string>());
        Assert.Equal(60, read["clock_skew_leeway"]!.GetValue<long>());
        Assert.Equal("stage", read["bound_claims"]!["env"]![1]!.GetValue<string>());
        Assert.Equal(["web"], (await _backend.ListAsync("role")).Keys());
        (await _backend.DeleteAsync("role/web")).AssertOk();
        (await _backend.ReadAsync("role/web")).AssertError(ErrorCode.NotFound);
    }

    [Fact]
    public void Registry_RegistersJwtAndOidcTypes()
    {
        var types = AuthRegistry.All.Select(f => f.Type).ToList();
        Assert.Equal(["approle", "userpass", "jwt", "oidc", "kubernetes"], types);
        Assert.All(AuthRegistry.All, f => Assert.Equal(BackendKind.AuthMethod, f.Kind));
        Assert.IsType<JwtBackend>(AuthRegistry.All.Single(f => f.Type == "oidc").Create(new MountContext { Storage = new InMemoryStorageView() }));
    }

    private async Task ConfigureJwks(string? boundIssuer = null)
    {
        var data = new JsonObject { ["jwks_url"] = _idp.JwksUrl };
        if (boundIssuer is not null)
        {
            data["bound_issuer"] = boundIssuer;
        }

        (await _backend.WriteAsync("config", data)).AssertOk();
    }

    private async Task WriteRole(JsonObject? extra = null)
    {
        var data = new JsonObject { ["role_type"] = "jwt", ["user_claim"] = "sub", ["bound_audiences"] = Audience };
        foreach (var (key, value) in extra ?? [])
        {
            data[key] = value?.DeepClone();
        }

        (await _backend.WriteAsync("role/web", data)).AssertOk();
    }

    private ValueTask<LogicalResponse> Login(string jwt) =>
        _backend.WriteAsync("login", new JsonObject { ["role"] = "web", ["jwt"] = jwt });

    private JsonObject Claims(string issuer = "https://issuer.test", string audience = Audience)
    {
        var now = _clock.GetUtcNow();
        return new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = "workload-42",
            ["aud"] = audience,
            ["iat"] = Unix(now),
            ["nbf"] = Unix(now),
            ["exp"] = Unix(now.AddMinutes(10)),
        };
    }

    private static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();
}
