using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Database;

/// <summary>
/// <c>creds/:role</c>: creates a PostgreSQL user whose <c>VALID UNTIL</c> is the lease's expiry, and
/// returns it with a lease. The lease's renew extends <c>VALID UNTIL</c>; its revoke (or expiry)
/// terminates the user's sessions and drops it. A failed creation is rolled back: no user, no lease.
/// </summary>
internal sealed class CredsPath
{
    private const string DefaultRenew = "ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}'";
    private readonly DatabaseStore _store;
    private readonly PostgresConnections _connections;
    private readonly TimeProvider _clock;
    private readonly Func<MountTtls> _mountTtls;

    public CredsPath(DatabaseStore store, PostgresConnections connections, TimeProvider clock, Func<MountTtls> mountTtls)
    {
        _store = store;
        _connections = connections;
        _clock = clock;
        _mountTtls = mountTtls;
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, string roleName, CancellationToken cancellationToken)
    {
        if (request.Operation != Operation.Read)
        {
            return LogicalResponse.Unsupported();
        }

        var role = await _store.GetRoleAsync(roleName, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return LogicalResponse.BadRequest($"unknown role: {roleName}");
        }

        var config = await _store.GetConfigAsync(role.DbName, cancellationToken).ConfigureAwait(false);
        if (config is null)
        {
            return LogicalResponse.BadRequest($"role \"{roleName}\" uses database connection \"{role.DbName}\", which does not exist");
        }

        if (!config.Allows(roleName))
        {
            return LogicalResponse.BadRequest($"\"{roleName}\" is not an allowed role of database connection \"{role.DbName}\"");
        }

        var (ttl, max) = Ttls(role);
        var now = _clock.GetUtcNow();
        string username;
        try
        {
            username = UsernameTemplate.Render(
                config.UsernameTemplate.Length > 0 ? config.UsernameTemplate : UsernameTemplate.Default,
                request.DisplayName is { Length: > 0 } display ? display : "token",
                roleName,
                now);
        }
        catch (FormatException e)
        {
            return LogicalResponse.Error(ErrorCode.Internal, "invalid username_template: " + e.Message);
        }

        if (username.Length > 63)
        {
            username = username[..63];
        }

        if (!StatementTemplate.IsSafeValue(username))
        {
            return LogicalResponse.Error(ErrorCode.Internal, "username_template produced a user name with quotes, ';' or control characters");
        }

        var password = PasswordGenerator.Generate();
        var expiration = now + ttl;
        var statements = role.CreationStatements.Select(s => StatementTemplate.Render(s, username, password, expiration)).ToList();
        try
        {
            await _connections.ExecuteInTransactionAsync(role.DbName, config, statements, "failed to create the database user", [password], cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseException e)
        {
            if (!e.IsConnectionFailure && role.RollbackStatements.Count > 0)
            {
                var rollback = role.RollbackStatements.Select(s => StatementTemplate.Render(s, username, password, expiration)).ToList();
                await _connections.ExecuteBestEffortAsync(role.DbName, config, rollback, cancellationToken).ConfigureAwait(false);
            }

            return LogicalResponse.Error(ErrorCode.Internal, e.Message);
        }

        var response = LogicalResponse.Ok(new JsonObject { ["username"] = username, ["password"] = password });
        response.Secret = new SecretLease
        {
            Ttl = ttl,
            MaxTtl = max,
            Renewable = true,
            InternalData = new JsonObject { ["username"] = username, ["role"] = roleName, ["db_name"] = role.DbName },
        };
        return response;
    }

    /// <summary>Extends VALID UNTIL to the new expiry (capped by the role's and the lease's max TTL).</summary>
    public async ValueTask<LogicalResponse> RenewAsync(SecretLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!TryReadLease(lease, out var username, out var roleName, out var dbName))
        {
            return LogicalResponse.BadRequest("lease is not a database credential");
        }

        var role = await _store.GetRoleAsync(roleName, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return LogicalResponse.BadRequest($"error during renew: could not find role \"{roleName}\"");
        }

        var config = await _store.GetConfigAsync(dbName, cancellationToken).ConfigureAwait(false);
        if (config is null)
        {
            return LogicalResponse.BadRequest($"error during renew: database connection \"{dbName}\" does not exist");
        }

        var now = _clock.GetUtcNow();
        var (defaultTtl, max) = Ttls(role);
        var expire = now + (lease.Ttl > TimeSpan.Zero ? lease.Ttl : defaultTtl);
        if (lease.IssueTime is { } issued && issued + max < expire)
        {
            expire = issued + max;
        }

        if (lease.MaxExpireTime is { } cap && cap < expire)
        {
            expire = cap;
        }

        if (expire <= now)
        {
            return LogicalResponse.BadRequest("lease has reached its max TTL and cannot be renewed");
        }

        var statements = (role.RenewStatements.Count > 0 ? role.RenewStatements : [DefaultRenew])
            .Select(s => StatementTemplate.Render(s, username, expiration: expire)).ToList();
        try
        {
            await _connections.ExecuteInTransactionAsync(dbName, config, statements, "failed to renew the database user", [], cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseException e)
        {
            return LogicalResponse.Error(ErrorCode.Internal, e.Message);
        }

        var response = LogicalResponse.NoContent();
        response.Secret = new SecretLease { Ttl = expire - now, Renewable = true, InternalData = lease.InternalData };
        return response;
    }

    /// <summary>Drops the user. Throws <see cref="DatabaseException"/> when it cannot: the expiration manager retries.</summary>
    public async ValueTask RevokeAsync(SecretLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!TryReadLease(lease, out var username, out var roleName, out var dbName))
        {
            return;
        }

        var config = await _store.GetConfigAsync(dbName, cancellationToken).ConfigureAwait(false)
            ?? throw new DatabaseException($"cannot revoke user \"{username}\": database connection \"{dbName}\" does not exist");
        var role = await _store.GetRoleAsync(roleName, cancellationToken).ConfigureAwait(false);
        await _connections.RevokeUserAsync(dbName, config, username, role?.RevocationStatements ?? [], cancellationToken).ConfigureAwait(false);
    }

    private (TimeSpan Ttl, TimeSpan Max) Ttls(RoleEntry role)
    {
        var mount = _mountTtls();
        var max = role.MaxTtlSeconds > 0 ? TimeSpan.FromSeconds(role.MaxTtlSeconds) : mount.Max;
        if (max > mount.Max)
        {
            max = mount.Max;
        }

        var ttl = role.DefaultTtlSeconds > 0 ? TimeSpan.FromSeconds(role.DefaultTtlSeconds) : mount.Default;
        return (ttl > max ? max : ttl, max);
    }

    private static bool TryReadLease(SecretLease lease, out string username, out string roleName, out string dbName)
    {
        username = lease.InternalData["username"]?.GetValue<string>() ?? "";
        roleName = lease.InternalData["role"]?.GetValue<string>() ?? "";
        dbName = lease.InternalData["db_name"]?.GetValue<string>() ?? "";
        return username.Length > 0 && dbName.Length > 0 && StatementTemplate.IsSafeValue(username);
    }
}
