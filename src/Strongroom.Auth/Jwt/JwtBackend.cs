using System.Text.Json.Nodes;
using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.Jwt;

/// <summary>
/// The JWT/OIDC auth method (Vault api-docs/auth/jwt): config, role, role/:name, login.
/// Only role_type "jwt" can log in; interactive OIDC (oidc/auth_url, oidc/callback) is not provided.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds no unmanaged resource; mounts live as long as the process.")]
internal sealed class JwtBackend : ILogicalBackend
{
    private readonly IStorageView _storage;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (JwtConfig Config, JwtKeySource Keys)? _active;

    public JwtBackend(MountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _storage = context.Storage;
        _clock = context.Clock;
    }

    public IReadOnlyList<string> UnauthenticatedPaths { get; } = ["login"];

    public async ValueTask<bool> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequestPath.Split(request.Path) switch
        {
            ["role", var name] => await GetRoleAsync(name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false) is not null,
            ["config"] => await _storage.GetAsync("config", cancellationToken).ConfigureAwait(false) is not null,
            _ => true,
        };
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = RequestPath.Split(request.Path);
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        if (parts is ["role", var roleName, ..] && !Names.IsValid(roleName))
        {
            return LogicalResponse.BadRequest("invalid role name");
        }

        try
        {
            return (parts, op) switch
            {
                (["login"], _) when write => await LoginAsync(request, cancellationToken).ConfigureAwait(false),
                (["config"], Operation.Read) => await ReadConfigAsync(cancellationToken).ConfigureAwait(false),
                (["config"], _) when write => await WriteConfigAsync(request.Data, cancellationToken).ConfigureAwait(false),
                (["role"], Operation.List) => await ListRolesAsync(cancellationToken).ConfigureAwait(false),
                (["role", var n], Operation.Read) => await ReadRoleAsync(n.ToLowerInvariant(), cancellationToken).ConfigureAwait(false),
                (["role", var n], _) when write => await WriteRoleAsync(n.ToLowerInvariant(), request.Data, cancellationToken).ConfigureAwait(false),
                (["role", var n], Operation.Delete) => await DeleteRoleAsync(n.ToLowerInvariant(), cancellationToken).ConfigureAwait(false),
                (["login"] or ["config"] or ["role"] or ["role", _], _) => LogicalResponse.Unsupported(),
                _ => LogicalResponse.Error(ErrorCode.NotFound, $"no handler for route \"{request.Path}\""),
            };
        }
        catch (FieldException e)
        {
            return LogicalResponse.BadRequest(e.Message);
        }
    }

    private async ValueTask<LogicalResponse> LoginAsync(LogicalRequest request, CancellationToken ct)
    {
        var active = await GetActiveAsync(ct).ConfigureAwait(false);
        if (active is null)
        {
            return LogicalResponse.BadRequest("could not load configuration");
        }

        var (config, keys) = active.Value;
        var roleName = (request.Data.GetString("role") is { Length: > 0 } r ? r : config.DefaultRole).ToLowerInvariant();
        if (roleName.Length == 0)
        {
            return LogicalResponse.BadRequest("missing role");
        }

        var role = Names.IsValid(roleName) ? await GetRoleAsync(roleName, ct).ConfigureAwait(false) : null;
        if (role is null)
        {
            return LogicalResponse.BadRequest($"role \"{roleName}\" could not be found");
        }

        if (role.RoleType != "jwt")
        {
            return LogicalResponse.BadRequest("role with oidc role_type is not allowed");
        }

        var jwt = request.Data.GetString("jwt");
        if (string.IsNullOrEmpty(jwt))
        {
            return LogicalResponse.BadRequest("missing token");
        }

        if (!Cidr.Allows(role.Token.TokenBoundCidrs, request.RemoteAddress))
        {
            return LogicalResponse.Error(ErrorCode.PermissionDenied, "login request originated from invalid CIDR");
        }

        var (claims, error) = await new JwtTokenValidator(config, keys, _clock).ValidateAsync(jwt, role, ct).ConfigureAwait(false);
        if (error is not null || claims is null)
        {
            return LogicalResponse.BadRequest(error ?? "error validating token");
        }

        var user = ClaimReader.AsScalar(ClaimReader.Get(claims, role.UserClaim, role.UserClaimJsonPointer));
        if (string.IsNullOrEmpty(user))
        {
            return LogicalResponse.BadRequest($"claim \"{role.UserClaim}\" not found in token");
        }

        var internalData = new Dictionary<string, string>(StringComparer.Ordinal) { ["role"] = roleName };
        if (role.GroupsClaim.Length > 0)
        {
            var groups = ClaimReader.AsList(ClaimReader.Get(claims, role.GroupsClaim));
            if (groups is null)
            {
                return LogicalResponse.BadRequest($"groups claim \"{role.GroupsClaim}\" not found in token or not a list of strings");
            }

            internalData["groups"] = TokenSettings.ToArray(groups).ToJsonString();
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["role"] = roleName };
        foreach (var (claim, key) in role.ClaimMappings)
        {
            if (ClaimReader.AsScalar(ClaimReader.Get(claims, claim)) is { } value)
            {
                metadata[key] = value;
            }
        }

        var auth = role.Token.ToAuthResult(displayName: user, aliasName: user, metadata, internalData);
        return new LogicalResponse { Auth = auth };
    }

    private async ValueTask<LogicalResponse> ReadConfigAsync(CancellationToken ct)
    {
        var config = await StoredJson.ReadAsync<JwtConfig>(_storage, "config", ct).ConfigureAwait(false);
        if (config is null)
        {
            return LogicalResponse.NotFound();
        }

        return LogicalResponse.Ok(new JsonObject
        {
            ["oidc_discovery_url"] = config.OidcDiscoveryUrl,
            ["oidc_discovery_ca_pem"] = config.OidcDiscoveryCaPem,
            ["oidc_client_id"] = config.OidcClientId,
            ["jwks_url"] = config.JwksUrl,
            ["jwks_ca_pem"] = config.JwksCaPem,
            ["jwt_validation_pubkeys"] = TokenSettings.ToArray(config.JwtValidationPubkeys),
            ["jwt_supported_algs"] = TokenSettings.ToArray(config.JwtSupportedAlgs),
            ["bound_issuer"] = config.BoundIssuer,
            ["default_role"] = config.DefaultRole,
        });
    }

    private async ValueTask<LogicalResponse> WriteConfigAsync(JsonObject data, CancellationToken ct)
    {
        var config = new JwtConfig
        {
            OidcDiscoveryUrl = data.GetString("oidc_discovery_url") ?? "",
            OidcDiscoveryCaPem = data.GetString("oidc_discovery_ca_pem") ?? "",
            OidcClientId = data.GetString("oidc_client_id") ?? "",
            OidcClientSecret = data.GetString("oidc_client_secret") ?? "",
            JwksUrl = data.GetString("jwks_url") ?? "",
            JwksCaPem = data.GetString("jwks_ca_pem") ?? "",
            JwtValidationPubkeys = data.GetStringList("jwt_validation_pubkeys") ?? [],
            JwtSupportedAlgs = data.GetStringList("jwt_supported_algs") ?? [],
            BoundIssuer = data.GetString("bound_issuer") ?? "",
            DefaultRole = data.GetString("default_role") ?? "",
        };
        var sources = (config.OidcDiscoveryUrl.Length > 0 ? 1 : 0) + (config.JwksUrl.Length > 0 ? 1 : 0) + (config.JwtValidationPubkeys.Count > 0 ? 1 : 0);
        if (sources != 1)
        {
            return LogicalResponse.BadRequest("exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set");
        }

        if (config.JwtSupportedAlgs.FirstOrDefault(a => !JwtTokenValidator.SupportedAlgorithms.Contains(a, StringComparer.Ordinal)) is { } badAlg)
        {
            return LogicalResponse.BadRequest($"unsupported signing algorithm \"{badAlg}\"; supported: {string.Join(", ", JwtTokenValidator.SupportedAlgorithms)}");
        }

        foreach (var (field, pem) in new[] { ("jwks_ca_pem", config.JwksCaPem), ("oidc_discovery_ca_pem", config.OidcDiscoveryCaPem) })
        {
            if (pem.Length > 0 && !TrustedHttpClient.IsValidCaPem(pem))
            {
                return LogicalResponse.BadRequest($"{field} does not contain a PEM certificate");
            }
        }

        foreach (var url in new[] { config.JwksUrl, config.OidcDiscoveryUrl }.Where(u => u.Length > 0))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                return LogicalResponse.BadRequest($"invalid URL \"{url}\"");
            }
        }

        JwtKeySource keys;
        try
        {
            keys = new JwtKeySource(config, _clock);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or ArgumentException)
        {
            return LogicalResponse.BadRequest("error parsing jwt_validation_pubkeys: each entry must be a PEM RSA or EC public key or certificate");
        }

        if (await keys.RefreshAsync(ct).ConfigureAwait(false) is { } fetchError)
        {
            return LogicalResponse.BadRequest(fetchError);
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StoredJson.WriteAsync(_storage, "config", config, ct).ConfigureAwait(false);
            _active = (config, keys);
        }
        finally
        {
            _gate.Release();
        }

        return LogicalResponse.NoContent();
    }

    private async ValueTask<(JwtConfig Config, JwtKeySource Keys)?> GetActiveAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_active is null && await StoredJson.ReadAsync<JwtConfig>(_storage, "config", ct).ConfigureAwait(false) is { } config)
            {
                _active = (config, new JwtKeySource(config, _clock));
            }

            return _active;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<LogicalResponse> ListRolesAsync(CancellationToken ct)
    {
        var keys = (await _storage.ListAsync("role/", ct).ConfigureAwait(false)).Where(k => !k.EndsWith('/')).ToList();
        return keys.Count == 0 ? LogicalResponse.NotFound() : LogicalResponse.Ok(new JsonObject { ["keys"] = TokenSettings.ToArray(keys) });
    }

    private async ValueTask<LogicalResponse> ReadRoleAsync(string name, CancellationToken ct) =>
        await GetRoleAsync(name, ct).ConfigureAwait(false) is { } role ? LogicalResponse.Ok(role.Describe()) : LogicalResponse.NotFound();

    private async ValueTask<LogicalResponse> DeleteRoleAsync(string name, CancellationToken ct)
    {
        await _storage.DeleteAsync("role/" + name, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> WriteRoleAsync(string name, JsonObject data, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var role = await GetRoleAsync(name, ct).ConfigureAwait(false) ?? new JwtRole();
            if (JwtRoleFields.Apply(role, data) is { } error)
            {
                return LogicalResponse.BadRequest(error);
            }

            await StoredJson.WriteAsync(_storage, "role/" + name, role, ct).ConfigureAwait(false);
            return LogicalResponse.NoContent();
        }
        finally
        {
            _gate.Release();
        }
    }

    private ValueTask<JwtRole?> GetRoleAsync(string name, CancellationToken ct) =>
        StoredJson.ReadAsync<JwtRole>(_storage, "role/" + name, ct);
}
