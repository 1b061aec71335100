using System.Text.Json.Nodes;
using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.Kubernetes;

/// <summary>
/// The Kubernetes auth method (Vault api-docs/auth/kubernetes): config, role, role/:name, login.
/// Login sends the pod's service-account JWT to the API server's TokenReview and checks the
/// reviewed identity against the role's bound names and namespaces (globs allowed).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds no unmanaged resource; the HttpClient lives as long as the mount.")]
internal sealed class KubernetesBackend : ILogicalBackend
{
    internal const string DefaultLocalServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    private readonly IStorageView _storage;
    private readonly string _localDirectory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string CaPem, HttpClient Client)? _http;

    public KubernetesBackend(MountContext context)
        : this(context, DefaultLocalServiceAccountDirectory)
    {
    }

    internal KubernetesBackend(MountContext context, string localServiceAccountDirectory)
    {
        ArgumentNullException.ThrowIfNull(context);
        _storage = context.Storage;
        _localDirectory = localServiceAccountDirectory;
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
                (["role", var n], Operation.Read) => await GetRoleAsync(n.ToLowerInvariant(), cancellationToken).ConfigureAwait(false) is { } role
                    ? LogicalResponse.Ok(role.Describe())
                    : LogicalResponse.NotFound(),
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
        var roleName = (request.Data.GetString("role") ?? "").ToLowerInvariant();
        if (roleName.Length == 0)
        {
            return LogicalResponse.BadRequest("missing role");
        }

        var jwt = request.Data.GetString("jwt");
        if (string.IsNullOrEmpty(jwt))
        {
            return LogicalResponse.BadRequest("missing jwt");
        }

        var role = Names.IsValid(roleName) ? await GetRoleAsync(roleName, ct).ConfigureAwait(false) : null;
        if (role is null)
        {
            return LogicalResponse.BadRequest($"invalid role name \"{roleName}\"");
        }

        if (!Cidr.Allows(role.Token.TokenBoundCidrs, request.RemoteAddress))
        {
            return LogicalResponse.Error(ErrorCode.PermissionDenied, "login request originated from invalid CIDR");
        }

        var config = await StoredJson.ReadAsync<KubernetesConfig>(_storage, "config", ct).ConfigureAwait(false);
        if (config is null)
        {
            return LogicalResponse.BadRequest("could not load backend configuration");
        }

        var (caPem, reviewerJwt) = await EffectiveCredentialsAsync(config, ct).ConfigureAwait(false);
        var client = new TokenReviewClient(await GetHttpClientAsync(caPem, ct).ConfigureAwait(false), config.KubernetesHost, reviewerJwt);
        var (identity, error, denied) = await client.ReviewAsync(jwt, role.Audience, ct).ConfigureAwait(false);
        if (identity is null)
        {
            return LogicalResponse.Error(denied ? ErrorCode.PermissionDenied : ErrorCode.Internal, "permission denied: " + error);
        }

        if (role.Audience.Length > 0 && identity.Audiences.Count > 0 && !identity.Audiences.Contains(role.Audience, StringComparer.Ordinal))
        {
            return LogicalResponse.Error(ErrorCode.PermissionDenied, "the token's audiences do not include the role's audience");
        }

        if (!Glob.AnyMatch(role.BoundServiceAccountNames, identity.Name))
        {
            return LogicalResponse.Error(ErrorCode.PermissionDenied, "service account name not authorized");
        }

        if (!Glob.AnyMatch(role.BoundServiceAccountNamespaces, identity.Namespace))
        {
            return LogicalResponse.Error(ErrorCode.PermissionDenied, "namespace not authorized");
        }

        var alias = role.AliasNameSource == "serviceaccount_name" ? $"{identity.Namespace}/{identity.Name}" : identity.Uid;
        if (alias.Length == 0)
        {
            return LogicalResponse.Error(ErrorCode.PermissionDenied, "the token review returned no service account uid");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["role"] = roleName,
            ["service_account_name"] = identity.Name,
            ["service_account_namespace"] = identity.Namespace,
            ["service_account_uid"] = identity.Uid,
            ["service_account_secret_name"] = "",
        };
        var internalData = new Dictionary<string, string>(StringComparer.Ordinal) { ["role"] = roleName };
        var auth = role.Token.ToAuthResult($"{identity.Namespace}-{identity.Name}", alias, metadata, internalData);
        return new LogicalResponse { Auth = auth };
    }

    /// <summary>Configured CA and reviewer JWT, falling back to the pod's own files unless disable_local_ca_jwt.</summary>
    private async ValueTask<(string CaPem, string ReviewerJwt)> EffectiveCredentialsAsync(KubernetesConfig config, CancellationToken ct)
    {
        var ca = config.KubernetesCaCert;
        var jwt = config.TokenReviewerJwt;
        if (!config.DisableLocalCaJwt)
        {
            if (ca.Length == 0 && File.Exists(Path.Combine(_localDirectory, "ca.crt")))
            {
                ca = await File.ReadAllTextAsync(Path.Combine(_localDirectory, "ca.crt"), ct).ConfigureAwait(false);
            }

            if (jwt.Length == 0 && File.Exists(Path.Combine(_localDirectory, "token")))
            {
                jwt = (await File.ReadAllTextAsync(Path.Combine(_localDirectory, "token"), ct).ConfigureAwait(false)).Trim();
            }
        }

        return (ca, jwt);
    }

    private async ValueTask<HttpClient> GetHttpClientAsync(string caPem, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_http is not { } cached || cached.CaPem != caPem)
            {
                _http = (caPem, TrustedHttpClient.Create(caPem, TimeSpan.FromSeconds(30)));
            }

            return _http.Value.Client;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<LogicalResponse> ReadConfigAsync(CancellationToken ct)
    {
        var config = await StoredJson.ReadAsync<KubernetesConfig>(_storage, "config", ct).ConfigureAwait(false);
        return config is null
            ? LogicalResponse.NotFound()
            : LogicalResponse.Ok(new JsonObject
            {
                ["kubernetes_host"] = config.KubernetesHost,
                ["kubernetes_ca_cert"] = config.KubernetesCaCert,
                ["pem_keys"] = TokenSettings.ToArray(config.PemKeys),
                ["issuer"] = config.Issuer,
                ["disable_iss_validation"] = config.DisableIssValidation,
                ["disable_local_ca_jwt"] = config.DisableLocalCaJwt,
                ["token_reviewer_jwt_set"] = config.TokenReviewerJwt.Length > 0,
            });
    }

    private async ValueTask<LogicalResponse> WriteConfigAsync(JsonObject data, CancellationToken ct)
    {
        var existing = await StoredJson.ReadAsync<KubernetesConfig>(_storage, "config", ct).ConfigureAwait(false);
        var config = new KubernetesConfig
        {
            KubernetesHost = data.GetString("kubernetes_host") ?? "",
            KubernetesCaCert = data.GetString("kubernetes_ca_cert") ?? "",
            TokenReviewerJwt = data.GetString("token_reviewer_jwt") ?? existing?.TokenReviewerJwt ?? "",
            PemKeys = data.GetStringList("pem_keys") ?? [],
            Issuer = data.GetString("issuer") ?? "",
            DisableIssValidation = data.GetBool("disable_iss_validation") ?? true,
            DisableLocalCaJwt = data.GetBool("disable_local_ca_jwt") ?? false,
        };
        if (config.KubernetesHost.Length == 0)
        {
            return LogicalResponse.BadRequest("no host provided");
        }

        var hostUri = config.KubernetesHost.Contains("://", StringComparison.Ordinal) ? config.KubernetesHost : "https://" + config.KubernetesHost;
        if (!Uri.TryCreate(hostUri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
        {
            return LogicalResponse.BadRequest("kubernetes_host must be a host, host:port or an http(s) URL");
        }

        if (config.KubernetesCaCert.Length > 0 && !TrustedHttpClient.IsValidCaPem(config.KubernetesCaCert))
        {
            return LogicalResponse.BadRequest("kubernetes_ca_cert does not contain a PEM certificate");
        }

        await StoredJson.WriteAsync(_storage, "config", config, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> ListRolesAsync(CancellationToken ct)
    {
        var keys = (await _storage.ListAsync("role/", ct).ConfigureAwait(false)).Where(k => !k.EndsWith('/')).ToList();
        return keys.Count == 0 ? LogicalResponse.NotFound() : LogicalResponse.Ok(new JsonObject { ["keys"] = TokenSettings.ToArray(keys) });
    }

    private async ValueTask<LogicalResponse> DeleteRoleAsync(string name, CancellationToken ct)
    {
        await _storage.DeleteAsync("role/" + name, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> WriteRoleAsync(string name, JsonObject data, CancellationToken ct)
    {
        var role = await GetRoleAsync(name, ct).ConfigureAwait(false) ?? new KubernetesRole();
        role.BoundServiceAccountNames = data.GetStringList("bound_service_account_names") ?? role.BoundServiceAccountNames;
        role.BoundServiceAccountNamespaces = data.GetStringList("bound_service_account_namespaces") ?? role.BoundServiceAccountNamespaces;
        role.Audience = data.GetString("audience") ?? role.Audience;
        if (data.GetString("alias_name_source") is { } source)
        {
            if (source is not ("serviceaccount_uid" or "serviceaccount_name"))
            {
                return LogicalResponse.BadRequest($"invalid alias_name_source \"{source}\": must be serviceaccount_uid or serviceaccount_name");
            }

            role.AliasNameSource = source;
        }

        if (role.Token.Apply(data, legacyAliases: true) is { } error)
        {
            return LogicalResponse.BadRequest(error);
        }

        if (role.BoundServiceAccountNames.Count == 0)
        {
            return LogicalResponse.BadRequest("\"bound_service_account_names\" can not be empty");
        }

        if (role.BoundServiceAccountNamespaces.Count == 0)
        {
            return LogicalResponse.BadRequest("\"bound_service_account_namespaces\" can not be empty");
        }

        if (role.BoundServiceAccountNames is ["*"] && role.BoundServiceAccountNamespaces is ["*"])
        {
            return LogicalResponse.BadRequest("service_account_names and service_account_namespaces can not both be \"*\"");
        }

        await StoredJson.WriteAsync(_storage, "role/" + name, role, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private ValueTask<KubernetesRole?> GetRoleAsync(string name, CancellationToken ct) =>
        StoredJson.ReadAsync<KubernetesRole>(_storage, "role/" + name, ct);
}
