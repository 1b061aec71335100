using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Strongroom.Agent.Config;
using Strongroom.Client;

namespace Strongroom.Agent;

/// <summary>
/// Logs in with the configured method, keeps the token alive (renew-self at two thirds of its TTL),
/// and logs in again when renewal is refused, the token is revoked, or its max TTL is near.
/// </summary>
internal sealed class AutoAuthenticator
{
    private const string DefaultKubernetesTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private readonly AutoAuthConfig _config;
    private readonly AgentVault _vault;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private string? _cachedSecretId;
    private byte[]? _lastSecretIdFile;
    private TimeSpan _ttl;
    private bool _renewable;
    private bool _loginNeeded = true;

    public AutoAuthenticator(AutoAuthConfig config, AgentVault vault, TimeProvider clock, ILogger logger)
    {
        _config = config;
        _vault = vault;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The current token, or null before the first login.</summary>
    public string? Token { get; private set; }

    /// <summary>When the next renewal or re-login is due (MaxValue when the token does not expire).</summary>
    public DateTimeOffset NextActionAt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Forces a new login at the next <see cref="MaintainAsync"/> (e.g. after a 403 with the current token).</summary>
    public void Invalidate(string reason)
    {
        if (!_loginNeeded)
        {
            Log.Reauthenticating(_logger, reason);
        }

        _loginNeeded = true;
        NextActionAt = DateTimeOffset.MinValue;
    }

    /// <summary>Does whatever is due; returns true when a new token was obtained. Throws on server failures.</summary>
    public async Task<bool> MaintainAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (!_loginNeeded && now < NextActionAt)
        {
            return false;
        }

        if (!_loginNeeded && _renewable)
        {
            try
            {
                var renewed = await _vault.SendAsync(HttpMethod.Put, "auth/token/renew-self", new JsonObject(), Token, null, cancellationToken).ConfigureAwait(false);
                var ttl = TimeSpan.FromSeconds(renewed?.Auth?["lease_duration"]?.GetValue<long>() ?? 0);
                // A shorter TTL than before means the max TTL caps it: log in again at two thirds of what is left.
                _renewable = ttl >= _ttl && (renewed?.Auth?["renewable"]?.GetValue<bool>() ?? false);
                _ttl = ttl;
                NextActionAt = _clock.GetUtcNow() + (ttl * 2 / 3);
                Log.TokenRenewed(_logger, (long)ttl.TotalSeconds);
                return false;
            }
            catch (VaultApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
            {
                Invalidate("renewal refused");
            }
        }
        else if (!_loginNeeded)
        {
            // Not renewable (or no TTL): check it still works; log in again when it does not.
            try
            {
                await _vault.SendAsync(HttpMethod.Get, "auth/token/lookup-self", null, Token, null, cancellationToken).ConfigureAwait(false);
                if (_ttl > TimeSpan.Zero)
                {
                    Invalidate("token near expiry");
                }
                else
                {
                    NextActionAt = _clock.GetUtcNow() + TimeSpan.FromMinutes(1);
                    return false;
                }
            }
            catch (VaultApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
            {
                Invalidate("token revoked");
            }
        }

        await LoginAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task LoginAsync(CancellationToken cancellationToken)
    {
        string token;
        TimeSpan ttl;
        bool renewable;
        if (_config.MethodType == "token_file")
        {
            token = ReadFile(Setting("token_file_path"), "token_file_path").Trim();
            var lookup = await _vault.SendAsync(HttpMethod.Get, "auth/token/lookup-self", null, token, null, cancellationToken).ConfigureAwait(false);
            ttl = TimeSpan.FromSeconds(lookup?.Data?["ttl"]?.GetValue<long>() ?? 0);
            renewable = lookup?.Data?["renewable"]?.GetValue<bool>() ?? false;
        }
        else
        {
            var body = await LoginBodyAsync(cancellationToken).ConfigureAwait(false);
            var response = await _vault.SendAsync(HttpMethod.Put, _config.MountPath + "/login", body, null, null, cancellationToken).ConfigureAwait(false);
            var auth = response?.Auth ?? throw new VaultApiException("login returned no auth block");
            token = auth["client_token"]?.GetValue<string>() ?? throw new VaultApiException("login returned no client_token");
            ttl = TimeSpan.FromSeconds(auth["lease_duration"]?.GetValue<long>() ?? 0);
            renewable = auth["renewable"]?.GetValue<bool>() ?? false;
        }

        Token = token;
        _vault.Client.Token = token;
        _ttl = ttl;
        _renewable = renewable && ttl > TimeSpan.Zero;
        _loginNeeded = false;
        NextActionAt = ttl > TimeSpan.Zero ? _clock.GetUtcNow() + (ttl * 2 / 3) : _clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        Log.Authenticated(_logger, _config.MethodType, _config.MountPath, (long)ttl.TotalSeconds);
    }

    private async Task<JsonObject> LoginBodyAsync(CancellationToken cancellationToken)
    {
        switch (_config.MethodType)
        {
            case "approle":
                var roleId = ReadFile(Setting("role_id_file_path"), "role_id_file_path").Trim();
                var secretId = await ReadSecretIdAsync(cancellationToken).ConfigureAwait(false);
                var body = new JsonObject { ["role_id"] = roleId };
                if (secretId is not null)
                {
                    body["secret_id"] = secretId;
                }

                return body;
            case "kubernetes":
                return new JsonObject
                {
                    ["role"] = Setting("role"),
                    ["jwt"] = ReadFile(Optional("token_path") ?? DefaultKubernetesTokenPath, "token_path").Trim(),
                };
            default:
                return new JsonObject
                {
                    ["role"] = Optional("role"),
                    ["jwt"] = ReadFile(Setting("path"), "path").Trim(),
                };
        }
    }

    /// <summary>
    /// The secret-id: from the file (unwrapping it when secret_id_response_wrapping_path is set, after checking
    /// the wrapping token was created at that path), removed after reading unless told otherwise; cached for re-logins.
    /// </summary>
    private async Task<string?> ReadSecretIdAsync(CancellationToken cancellationToken)
    {
        var path = Optional("secret_id_file_path");
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            return _cachedSecretId ?? throw new AgentConfigException($"secret_id_file_path {path} does not exist and no secret-id is cached");
        }

        var text = ReadFile(path, "secret_id_file_path").Trim();
        if (text.Length == 0)
        {
            return _cachedSecretId ?? throw new AgentConfigException($"secret_id_file_path {path} is empty");
        }

        var fileBytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (_cachedSecretId is not null && _lastSecretIdFile is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(fileBytes, _lastSecretIdFile))
        {
            // The same (possibly already unwrapped) file as last time: reuse what it gave.
            return _cachedSecretId;
        }

        var wrappingPath = Optional("secret_id_response_wrapping_path");
        string secretId;
        if (wrappingPath is not null)
        {
            var lookup = await _vault.SendAsync(HttpMethod.Put, "sys/wrapping/lookup", new JsonObject { ["token"] = text }, null, null, cancellationToken).ConfigureAwait(false);
            var creationPath = lookup?.Data?["creation_path"]?.GetValue<string>();
            if (!string.Equals(creationPath?.Trim('/'), wrappingPath.Trim('/'), StringComparison.Ordinal))
            {
                throw new AgentConfigException("the wrapped secret-id was not created at secret_id_response_wrapping_path; refusing to use it");
            }

            var unwrapped = await _vault.SendAsync(HttpMethod.Put, "sys/wrapping/unwrap", new JsonObject(), text, null, cancellationToken).ConfigureAwait(false);
            secretId = unwrapped?.Data?["secret_id"]?.GetValue<string>() ?? throw new AgentConfigException("the unwrapped response has no secret_id");
        }
        else
        {
            secretId = text;
        }

        _cachedSecretId = secretId;
        _lastSecretIdFile = fileBytes;
        if (!string.Equals(Optional("remove_secret_id_file_after_reading"), "false", StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(path);
        }

        return secretId;
    }

    private string Setting(string key) =>
        Optional(key) ?? throw new AgentConfigException($"auto_auth method \"{_config.MethodType}\" needs config {key}");

    private string? Optional(string key) =>
        _config.MethodConfig.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    private static string ReadFile(string path, string setting)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AgentConfigException(string.Create(CultureInfo.InvariantCulture, $"cannot read {setting} {path}: {e.GetType().Name}"), e);
        }
    }
}
