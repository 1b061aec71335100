using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Database;

/// <summary>
/// Static roles: <c>static-roles/:name</c> (write, read, delete, LIST), <c>static-creds/:name</c>
/// and <c>rotate-role/:name</c>. The account keeps its name; Strongroom sets a new generated password
/// when the role is created, every rotation_period, and on demand.
/// </summary>
internal sealed class StaticRolePaths
{
    private const string DefaultRotation = "ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'";
    private static readonly TimeSpan MinRotationPeriod = TimeSpan.FromSeconds(5);
    private readonly DatabaseStore _store;
    private readonly PostgresConnections _connections;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public StaticRolePaths(DatabaseStore store, PostgresConnections connections, TimeProvider clock)
    {
        _store = store;
        _connections = connections;
        _clock = clock;
    }

    public async ValueTask<LogicalResponse> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await _store.ListStaticRolesAsync(cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? LogicalResponse.NotFound() : LogicalResponse.Ok(new JsonObject { ["keys"] = DatabaseBackend.Keys(keys) });
    }

    public async ValueTask<LogicalResponse> HandleRoleAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                var role = await _store.GetStaticRoleAsync(name, cancellationToken).ConfigureAwait(false);
                return role is null ? LogicalResponse.NotFound() : LogicalResponse.Ok(Describe(role));
            case Operation.Create or Operation.Update:
                return await WriteAsync(request.Data, name, cancellationToken).ConfigureAwait(false);
            case Operation.Delete:
                await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await _store.DeleteStaticRoleAsync(name, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _lock.Release();
                }

                return LogicalResponse.NoContent();
            default:
                return LogicalResponse.Unsupported();
        }
    }

    public async ValueTask<LogicalResponse> HandleCredsAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        if (request.Operation != Operation.Read)
        {
            return LogicalResponse.Unsupported();
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var role = await _store.GetStaticRoleAsync(name, cancellationToken).ConfigureAwait(false);
            if (role is null)
            {
                return LogicalResponse.BadRequest($"unknown static role: {name}");
            }

            var now = _clock.GetUtcNow();
            if (role.NextRotation <= now)
            {
                // The period is up and the timer has not run yet: never hand out a password past its period.
                if (await RotateLockedAsync(name, role, cancellationToken).ConfigureAwait(false) is { } error)
                {
                    return LogicalResponse.Error(ErrorCode.Internal, error);
                }

                now = _clock.GetUtcNow();
            }

            return LogicalResponse.Ok(new JsonObject
            {
                ["username"] = role.Username,
                ["password"] = role.Password,
                ["last_vault_rotation"] = Time(role.LastVaultRotation),
                ["rotation_period"] = role.RotationPeriodSeconds,
                ["ttl"] = Math.Max(0, (long)(role.NextRotation - now).TotalSeconds),
            });
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<LogicalResponse> HandleRotateAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Create or Operation.Update))
        {
            return LogicalResponse.Unsupported();
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var role = await _store.GetStaticRoleAsync(name, cancellationToken).ConfigureAwait(false);
            if (role is null)
            {
                return LogicalResponse.BadRequest($"unknown static role: {name}");
            }

            return await RotateLockedAsync(name, role, cancellationToken).ConfigureAwait(false) is { } error
                ? LogicalResponse.Error(ErrorCode.Internal, error)
                : LogicalResponse.NoContent();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Rotates every static role whose period is up. Called by the engine's timer; failures wait for the next tick.</summary>
    public async Task RotateDueAsync()
    {
        if (!await _lock.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            foreach (var name in await _store.ListStaticRolesAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var role = await _store.GetStaticRoleAsync(name, CancellationToken.None).ConfigureAwait(false);
                if (role is not null && role.NextRotation <= _clock.GetUtcNow())
                {
                    await RotateLockedAsync(name, role, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
#pragma warning disable CA1031 // a timer callback: sealed barrier, storage or database down all mean "try at the next tick"
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask<LogicalResponse> WriteAsync(JsonObject data, string name, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _store.GetRoleAsync(name, cancellationToken).ConfigureAwait(false) is not null)
            {
                return LogicalResponse.BadRequest("role and static role names must be unique");
            }

            var existing = await _store.GetStaticRoleAsync(name, cancellationToken).ConfigureAwait(false);
            var role = existing ?? new StaticRoleEntry();
            var username = data.GetString("username");
            if (existing is not null && username is not null && username != existing.Username)
            {
                return LogicalResponse.BadRequest("cannot update static account username");
            }

            role.Username = username ?? role.Username;
            if (role.Username.Length == 0)
            {
                return LogicalResponse.BadRequest("username is a required field to create a static account");
            }

            if (!StatementTemplate.IsSafeValue(role.Username))
            {
                return LogicalResponse.BadRequest("username must not contain quotes, backslashes, ';' or control characters");
            }

            role.DbName = data.GetString("db_name") ?? role.DbName;
            if (role.DbName.Length == 0)
            {
                return LogicalResponse.BadRequest("database name is a required field");
            }

            var period = data.GetDuration("rotation_period");
            if (period is null && existing is null)
            {
                return LogicalResponse.BadRequest("rotation_period is required to create static accounts");
            }

            if (period is { } p)
            {
                if (p < MinRotationPeriod)
                {
                    return LogicalResponse.BadRequest("rotation_period must be 5 seconds or more");
                }

                role.RotationPeriodSeconds = (long)p.TotalSeconds;
            }

            role.RotationStatements = Statements.Read(data, "rotation_statements") ?? role.RotationStatements;
            var config = await _store.GetConfigAsync(role.DbName, cancellationToken).ConfigureAwait(false);
            if (config is null)
            {
                return LogicalResponse.BadRequest($"database connection \"{role.DbName}\" does not exist");
            }

            if (!config.Allows(name))
            {
                return LogicalResponse.BadRequest($"\"{name}\" is not an allowed role of database connection \"{role.DbName}\"");
            }

            if (existing is null)
            {
                // Vault imports the account by rotating its password at once: from now on only Strongroom knows it.
                return await RotateLockedAsync(name, role, cancellationToken).ConfigureAwait(false) is { } error
                    ? LogicalResponse.Error(ErrorCode.Internal, error)
                    : LogicalResponse.NoContent();
            }

            await _store.PutStaticRoleAsync(name, role, cancellationToken).ConfigureAwait(false);
            return LogicalResponse.NoContent();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Sets a new password in the database, then stores it. Returns an error message or null.</summary>
    private async ValueTask<string?> RotateLockedAsync(string name, StaticRoleEntry role, CancellationToken cancellationToken)
    {
        var config = await _store.GetConfigAsync(role.DbName, cancellationToken).ConfigureAwait(false);
        if (config is null)
        {
            return $"failed to rotate static role \"{name}\": database connection \"{role.DbName}\" does not exist";
        }

        var password = PasswordGenerator.Generate();
        var statements = (role.RotationStatements.Count > 0 ? role.RotationStatements : [DefaultRotation])
            .Select(s => StatementTemplate.Render(s, name: role.Username, password: password)).ToList();
        try
        {
            await _connections.ExecuteInTransactionAsync(role.DbName, config, statements, $"failed to rotate the password of static role \"{name}\"", [password, role.Password], cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseException e)
        {
            return e.Message;
        }

        role.Password = password;
        role.LastVaultRotation = _clock.GetUtcNow();
        await _store.PutStaticRoleAsync(name, role, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static JsonObject Describe(StaticRoleEntry role) => new()
    {
        ["username"] = role.Username,
        ["db_name"] = role.DbName,
        ["rotation_period"] = role.RotationPeriodSeconds,
        ["rotation_statements"] = DatabaseBackend.Keys(role.RotationStatements),
        ["last_vault_rotation"] = Time(role.LastVaultRotation),
        ["credential_type"] = "password",
    };

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
}
