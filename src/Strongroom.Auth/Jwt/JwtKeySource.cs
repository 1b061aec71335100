using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Strongroom.Auth.Jwt;

/// <summary>
/// The keys a JWT may be signed with: static PEM keys (jwt_validation_pubkeys), a JWKS URL, or an
/// OIDC discovery document's jwks_uri. Remote key sets are cached for an hour and refetched early
/// when a token names a key ID we do not know (at most once per <see cref="UnknownKidRefreshInterval"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds no unmanaged resource; the HttpClient lives as long as the mount config.")]
internal sealed class JwtKeySource
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan UnknownKidRefreshInterval = TimeSpan.FromSeconds(10);

    private readonly JwtConfig _config;
    private readonly TimeProvider _clock;
    private readonly HttpClient? _http;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private List<SecurityKey> _keys = [];
    private DateTimeOffset? _fetchedAt;
    private DateTimeOffset? _lastUnknownKidRefresh;

    public JwtKeySource(JwtConfig config, TimeProvider clock)
    {
        _config = config;
        _clock = clock;
        if (config.JwtValidationPubkeys.Count > 0)
        {
            _keys = config.JwtValidationPubkeys.Select(ParsePublicKey).ToList();
            _fetchedAt = DateTimeOffset.MaxValue;
        }
        else
        {
            var ca = config.JwksUrl.Length > 0 ? config.JwksCaPem : config.OidcDiscoveryCaPem;
            _http = Common.TrustedHttpClient.Create(ca, TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The issuer from the discovery document (empty without discovery or before the first fetch).</summary>
    public string DiscoveredIssuer { get; private set; } = "";

    /// <summary>Parses one PEM public key (RSA or EC, SubjectPublicKeyInfo or certificate); throws on bad input.</summary>
    public static SecurityKey ParsePublicKey(string pem)
    {
        var trimmed = pem.Trim();
        if (trimmed.Contains("CERTIFICATE", StringComparison.Ordinal))
        {
            var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(trimmed);
            return new X509SecurityKey(cert);
        }

        var fields = PemEncoding.Find(trimmed);
        var der = Convert.FromBase64String(trimmed[fields.Base64Data]);
        var key = System.Security.Cryptography.X509Certificates.PublicKey.CreateFromSubjectPublicKeyInfo(der, out _);
        if (key.GetRSAPublicKey() is { } rsa)
        {
            return new RsaSecurityKey(rsa);
        }

        if (key.GetECDsaPublicKey() is { } ecdsa)
        {
            return new ECDsaSecurityKey(ecdsa);
        }

        throw new CryptographicException("unsupported public key type");
    }

    /// <summary>Fetches the remote key set now (used at config time to validate the URLs). Returns an error or null.</summary>
    public async ValueTask<string?> RefreshAsync(CancellationToken ct)
    {
        if (_http is null)
        {
            return null;
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await FetchAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The current keys, refreshed when stale or when <paramref name="kid"/> is unknown.</summary>
    public async ValueTask<(IReadOnlyList<SecurityKey> Keys, string? Error)> GetKeysAsync(string? kid, CancellationToken ct)
    {
        if (_http is null)
        {
            return (_keys, null);
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = _clock.GetUtcNow();
            var stale = _fetchedAt is null || now - _fetchedAt >= CacheLifetime;
            var unknownKid = !string.IsNullOrEmpty(kid) && !_keys.Any(k => k.KeyId == kid)
                && (_lastUnknownKidRefresh is null || now - _lastUnknownKidRefresh >= UnknownKidRefreshInterval);
            if (stale || unknownKid)
            {
                if (unknownKid)
                {
                    _lastUnknownKidRefresh = now;
                }

                var error = await FetchAsync(ct).ConfigureAwait(false);
                if (error is not null && _keys.Count == 0)
                {
                    return ([], error);
                }
            }

            return (_keys, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<string?> FetchAsync(CancellationToken ct)
    {
        try
        {
            var jwksUrl = _config.JwksUrl;
            if (jwksUrl.Length == 0)
            {
                var discoveryUrl = _config.OidcDiscoveryUrl.TrimEnd('/') + "/.well-known/openid-configuration";
                var discovery = JsonNode.Parse(await _http!.GetStringAsync(new Uri(discoveryUrl), ct).ConfigureAwait(false)) as JsonObject;
                var issuer = ClaimReader.AsScalar(discovery?["issuer"]) ?? "";
                if (issuer.TrimEnd('/') != _config.OidcDiscoveryUrl.TrimEnd('/'))
                {
                    return "the OIDC discovery document's issuer does not match oidc_discovery_url";
                }

                jwksUrl = ClaimReader.AsScalar(discovery?["jwks_uri"]) ?? "";
                if (jwksUrl.Length == 0)
                {
                    return "the OIDC discovery document has no jwks_uri";
                }

                DiscoveredIssuer = issuer;
            }

            var body = await _http!.GetStringAsync(new Uri(jwksUrl), ct).ConfigureAwait(false);
            var set = new JsonWebKeySet(body);
            _keys = set.GetSigningKeys().ToList();
            _fetchedAt = _clock.GetUtcNow();
            return null;
        }
        catch (HttpRequestException e)
        {
            return $"error fetching keys: {e.StatusCode?.ToString() ?? "connection failed"}";
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return "error fetching keys: timed out";
        }
        catch (Exception e) when (e is JsonException or ArgumentException or UriFormatException or InvalidOperationException)
        {
            return "error fetching keys: invalid response";
        }
    }
}
