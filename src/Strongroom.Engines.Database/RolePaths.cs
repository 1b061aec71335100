using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Database;

/// <summary><c>roles/:name</c> (write, read, delete) and LIST <c>roles</c>: dynamic roles.</summary>
internal sealed class RolePaths
{
    private readonly DatabaseStore _store;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public RolePaths(DatabaseStore store)
    {
        _store = store;
    }

    public async ValueTask<LogicalResponse> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await _store.ListRolesAsync(cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? LogicalResponse.NotFound() : LogicalResponse.Ok(new JsonObject { ["keys"] = DatabaseBackend.Keys(keys) });
    }

    public async ValueTask<LogicalResponse> HandleAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                var role = await _store.GetRoleAsync(name, cancellationToken).ConfigureAwait(false);
                return role is null ? LogicalResponse.NotFound() : LogicalResponse.Ok(Describe(role));
            case Operation.Create or Operation.Update:
                return await WriteAsync(request.Data, name, cancellationToken).ConfigureAwait(false);
            case Operation.Delete:
                await _store.DeleteRoleAsync(name, cancellationToken).ConfigureAwait(false);
                return LogicalResponse.NoContent();
            default:
                return LogicalResponse.Unsupported();
        }
    }

    private async ValueTask<LogicalResponse> WriteAsync(JsonObject data, string name, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _store.GetStaticRoleAsync(name, cancellationToken).ConfigureAwait(false) is not null)
            {
                return LogicalResponse.BadRequest("role and static role names must be unique");
            }

            var role = await _store.GetRoleAsync(name, cancellationToken).ConfigureAwait(false) ?? new RoleEntry();
            role.DbName = data.GetString("db_name") ?? role.DbName;
            if (role.DbName.Length == 0)
            {
                return LogicalResponse.BadRequest("empty database name attribute");
            }

            role.CreationStatements = Statements.Read(data, "creation_statements") ?? role.CreationStatements;
            if (role.CreationStatements.Count == 0)
            {
                return LogicalResponse.BadRequest("creation_statements must be set: the statements that create the user");
            }

            role.RevocationStatements = Statements.Read(data, "revocation_statements") ?? role.RevocationStatements;
            role.RollbackStatements = Statements.Read(data, "rollback_statements") ?? role.RollbackStatements;
            role.RenewStatements = Statements.Read(data, "renew_statements") ?? role.RenewStatements;
            role.DefaultTtlSeconds = (long?)data.GetDuration("default_ttl")?.TotalSeconds ?? role.DefaultTtlSeconds;
            role.MaxTtlSeconds = (long?)data.GetDuration("max_ttl")?.TotalSeconds ?? role.MaxTtlSeconds;
            if (role.MaxTtlSeconds > 0 && role.DefaultTtlSeconds > role.MaxTtlSeconds)
            {
                return LogicalResponse.BadRequest("default_ttl cannot be greater than max_ttl");
            }

            await _store.PutRoleAsync(name, role, cancellationToken).ConfigureAwait(false);
            return LogicalResponse.NoContent();
        }
        finally
        {
            _lock.Release();
        }
    }

    private static JsonObject Describe(RoleEntry role) => new()
    {
        ["db_name"] = role.DbName,
        ["creation_statements"] = DatabaseBackend.Keys(role.CreationStatements),
        ["revocation_statements"] = DatabaseBackend.Keys(role.RevocationStatements),
        ["rollback_statements"] = DatabaseBackend.Keys(role.RollbackStatements),
        ["renew_statements"] = DatabaseBackend.Keys(role.RenewStatements),
        ["default_ttl"] = role.DefaultTtlSeconds,
        ["max_ttl"] = role.MaxTtlSeconds,
        ["credential_type"] = "password",
        ["credential_config"] = new JsonObject(),
    };
}
