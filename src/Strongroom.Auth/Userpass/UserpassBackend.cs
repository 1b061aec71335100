using System.Text.Json.Nodes;
using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.Userpass;

/// <summary>
/// The userpass auth method (Vault api-docs/auth/userpass): users, users/:username,
/// users/:username/password, users/:username/policies, login/:username. Usernames are
/// case-insensitive (stored lower-case) as in Vault. Failed logins count towards the mount's
/// user lockout; "locked-users" (LIST) and "locked-users/unlock/:username" (write) are the
/// backend side of Vault's sys/locked-users endpoints, for the core to forward to.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds no unmanaged resource; mounts live as long as the process.")]
internal sealed class UserpassBackend : ILogicalBackend
{
    private readonly IStorageView _storage;
    private readonly PasswordHasher _hasher;
    private readonly LockoutTracker _lockout;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public UserpassBackend(MountContext context)
        : this(context, PasswordHasher.DefaultIterations)
    {
    }

    internal UserpassBackend(MountContext context, int pbkdf2Iterations)
    {
        ArgumentNullException.ThrowIfNull(context);
        _storage = context.Storage;
        _hasher = new PasswordHasher(pbkdf2Iterations);
        _lockout = new LockoutTracker(context.Storage, context.Clock, () => LockoutPolicy.FromOptions(context.Options));
    }

    public IReadOnlyList<string> UnauthenticatedPaths { get; } = ["login/*"];

    public async ValueTask<bool> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequestPath.Split(request.Path) is not ["users", var name]
            || await GetUserAsync(name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false) is not null;
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = RequestPath.Split(request.Path);
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        if (parts.Length >= 2 && parts[0] is "users" or "login" && !Names.IsValid(parts[1]))
        {
            return LogicalResponse.BadRequest("invalid username");
        }

        var name = parts.Length >= 2 ? parts[1].ToLowerInvariant() : "";
        if (parts is ["login", _] && write)
        {
            // Not serialised: the slow KDF must not make one login wait for another.
            try
            {
                return await LoginAsync(name, request, cancellationToken).ConfigureAwait(false);
            }
            catch (FieldException e)
            {
                return LogicalResponse.BadRequest(e.Message);
            }
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (parts, op) switch
            {
                (["users"], Operation.List) => await ListAsync(cancellationToken).ConfigureAwait(false),
                (["users", _], Operation.Read) => await ReadAsync(name, cancellationToken).ConfigureAwait(false),
                (["users", _], _) when write => await WriteAsync(name, request.Data, cancellationToken).ConfigureAwait(false),
                (["users", _], Operation.Delete) => await DeleteAsync(name, cancellationToken).ConfigureAwait(false),
                (["users", _, "password"], _) when write => await UpdatePasswordAsync(name, request.Data, cancellationToken).ConfigureAwait(false),
                (["users", _, "policies"], _) when write => await UpdatePoliciesAsync(name, request.Data, cancellationToken).ConfigureAwait(false),
                (["locked-users"], Operation.List or Operation.Read) => await ListLockedAsync(cancellationToken).ConfigureAwait(false),
                (["locked-users", "unlock", var alias], _) when write => await UnlockAsync(alias.ToLowerInvariant(), cancellationToken).ConfigureAwait(false),
                (["login", _] or ["users"] or ["users", _] or ["users", _, "password" or "policies"], _) => LogicalResponse.Unsupported(),
                _ => LogicalResponse.Error(ErrorCode.NotFound, $"no handler for route \"{request.Path}\""),
            };
        }
        catch (FieldException e)
        {
            return LogicalResponse.BadRequest(e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<LogicalResponse> LoginAsync(string name, LogicalRequest request, CancellationToken ct)
    {
        var password = request.Data.GetString("password");
        if (string.IsNullOrEmpty(password))
        {
            return LogicalResponse.BadRequest("missing password");
        }

        if (await _lockout.IsLockedAsync(name, ct).ConfigureAwait(false))
        {
            return LogicalResponse.Error(ErrorCode.PermissionDenied, "permission denied: user is locked out due to too many failed login attempts");
        }

        var user = await GetUserAsync(name, ct).ConfigureAwait(false);
        if (!_hasher.Verify(password, user?.PasswordHash) || user is null)
        {
            if (user is not null)
            {
                await _lockout.RecordFailureAsync(name, ct).ConfigureAwait(false);
            }

            return LogicalResponse.BadRequest("invalid username or password");
        }

        if (!Cidr.Allows(user.Token.TokenBoundCidrs, request.RemoteAddress))
        {
            return LogicalResponse.Error(ErrorCode.PermissionDenied, "login request originated from invalid CIDR");
        }

        await _lockout.ResetAsync(name, ct).ConfigureAwait(false);
        var auth = user.Token.ToAuthResult(
            displayName: name,
            aliasName: name,
            metadata: new Dictionary<string, string>(StringComparer.Ordinal) { ["username"] = name },
            internalData: new Dictionary<string, string>(StringComparer.Ordinal) { ["username"] = name });
        return new LogicalResponse { Auth = auth };
    }

    private async ValueTask<LogicalResponse> ListAsync(CancellationToken ct)
    {
        var keys = (await _storage.ListAsync("user/", ct).ConfigureAwait(false)).Where(k => !k.EndsWith('/')).ToList();
        return keys.Count == 0 ? LogicalResponse.NotFound() : LogicalResponse.Ok(new JsonObject { ["keys"] = TokenSettings.ToArray(keys) });
    }

    private async ValueTask<LogicalResponse> ReadAsync(string name, CancellationToken ct)
    {
        var user = await GetUserAsync(name, ct).ConfigureAwait(false);
        if (user is null)
        {
            return LogicalResponse.NotFound();
        }

        var data = new JsonObject();
        user.Token.WriteTo(data);
        return LogicalResponse.Ok(data);
    }

    private async ValueTask<LogicalResponse> WriteAsync(string name, JsonObject data, CancellationToken ct)
    {
        var user = await GetUserAsync(name, ct).ConfigureAwait(false);
        var password = data.GetString("password");
        if (user is null && string.IsNullOrEmpty(password))
        {
            return LogicalResponse.BadRequest("missing password");
        }

        user ??= new UserpassUser();
        if (user.Token.Apply(data, legacyAliases: true) is { } error)
        {
            return LogicalResponse.BadRequest(error);
        }

        if (!string.IsNullOrEmpty(password))
        {
            user.PasswordHash = _hasher.Hash(password);
        }

        await StoredJson.WriteAsync(_storage, "user/" + name, user, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> DeleteAsync(string name, CancellationToken ct)
    {
        await _storage.DeleteAsync("user/" + name, ct).ConfigureAwait(false);
        await _lockout.ResetAsync(name, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> UpdatePasswordAsync(string name, JsonObject data, CancellationToken ct)
    {
        var user = await GetUserAsync(name, ct).ConfigureAwait(false);
        if (user is null)
        {
            return LogicalResponse.BadRequest("username does not exist");
        }

        var password = data.GetString("password");
        if (string.IsNullOrEmpty(password))
        {
            return LogicalResponse.BadRequest("missing password");
        }

        user.PasswordHash = _hasher.Hash(password);
        await StoredJson.WriteAsync(_storage, "user/" + name, user, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> UpdatePoliciesAsync(string name, JsonObject data, CancellationToken ct)
    {
        var user = await GetUserAsync(name, ct).ConfigureAwait(false);
        if (user is null)
        {
            return LogicalResponse.BadRequest("username does not exist");
        }

        var policies = data.GetStringList("token_policies") ?? data.GetStringList("policies");
        if (policies is null)
        {
            return LogicalResponse.BadRequest("missing token_policies");
        }

        user.Token.Apply(new JsonObject { ["token_policies"] = TokenSettings.ToArray(policies) }, legacyAliases: false);
        await StoredJson.WriteAsync(_storage, "user/" + name, user, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private async ValueTask<LogicalResponse> ListLockedAsync(CancellationToken ct)
    {
        var locked = await _lockout.ListLockedAsync(ct).ConfigureAwait(false);
        return LogicalResponse.Ok(new JsonObject { ["keys"] = TokenSettings.ToArray(locked) });
    }

    private async ValueTask<LogicalResponse> UnlockAsync(string alias, CancellationToken ct)
    {
        if (!Names.IsValid(alias))
        {
            return LogicalResponse.BadRequest("invalid username");
        }

        await _lockout.ResetAsync(alias, ct).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    private ValueTask<UserpassUser?> GetUserAsync(string name, CancellationToken ct) =>
        StoredJson.ReadAsync<UserpassUser>(_storage, "user/" + name, ct);
}
