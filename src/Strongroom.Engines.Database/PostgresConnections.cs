using System.Collections.Concurrent;
using Npgsql;

namespace Strongroom.Engines.Database;

/// <summary>
/// The PostgreSQL plugin: one pooled <see cref="NpgsqlDataSource"/> per configured connection
/// (replaced when the config changes, reset or rotated), and the SQL the engine runs. Every failure
/// surfaces as a <see cref="DatabaseException"/> with secrets redacted. A connection-level failure
/// (server restarted, pooled socket dead) clears the pool and the operation is tried once more.
/// </summary>
internal sealed class PostgresConnections : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> _sources = new(StringComparer.Ordinal);

    /// <summary>Opens a throwaway connection with <paramref name="config"/> and runs SELECT 1.</summary>
    public static async Task VerifyAsync(ConnectionConfig config, CancellationToken cancellationToken)
    {
        var builder = ConnectionUrl.Build(config);
        builder.Pooling = false;
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw DatabaseErrors.Wrap("error verifying connection", ex, config.Password, builder.Password);
        }
    }

    /// <summary>Drops the pool of <paramref name="name"/>; the next use opens fresh connections.</summary>
    public void Reset(string name)
    {
        if (_sources.TryRemove(name, out var old) && old.IsValueCreated)
        {
            old.Value.Dispose();
        }
    }

    /// <summary>Runs <paramref name="statements"/> in one transaction (all or nothing).</summary>
    public Task ExecuteInTransactionAsync(string name, ConnectionConfig config, IReadOnlyList<string> statements, string what, string?[] secrets, CancellationToken cancellationToken) =>
        WithConnectionAsync(name, config, what, secrets, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sql in statements.Where(s => !string.IsNullOrWhiteSpace(s)))
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Runs each statement on its own, ignoring failures (rollback_statements after a failed create).</summary>
    public async Task ExecuteBestEffortAsync(string name, ConnectionConfig config, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        try
        {
            await WithConnectionAsync(name, config, "rollback", [], async connection =>
            {
                foreach (var sql in statements.Where(s => !string.IsNullOrWhiteSpace(s)))
                {
                    try
                    {
                        await using var command = new NpgsqlCommand(sql, connection);
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (PostgresException)
                    {
                        // best effort: the creation transaction was already rolled back
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseException)
        {
            // best effort
        }
    }

    /// <summary>
    /// Revokes a dynamic user. Default (no revocation_statements): NOLOGIN, terminate its sessions,
    /// then in one transaction take back what it holds and DROP ROLE — with DROP OWNED when the admin
    /// has the role's privileges (a superuser), else Vault's way: REVOKE on every schema's tables,
    /// sequences and functions, the schemas and the database. With custom statements, sessions are
    /// terminated and the statements run in a transaction. A role that no longer exists is revoked.
    /// </summary>
    public Task RevokeUserAsync(string name, ConnectionConfig config, string username, IReadOnlyList<string> customStatements, CancellationToken cancellationToken) =>
        WithConnectionAsync(name, config, "failed to revoke the database user", [], async connection =>
        {
            var quoted = StatementTemplate.QuoteIdentifier(username);
            bool? holdsRole;
            await using (var exists = new NpgsqlCommand("SELECT pg_catalog.pg_has_role(current_user, oid, 'USAGE') FROM pg_catalog.pg_roles WHERE rolname = $1", connection))
            {
                exists.Parameters.Add(new NpgsqlParameter { Value = username });
                holdsRole = await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as bool?;
            }

            if (holdsRole is null && customStatements.Count == 0)
            {
                return;
            }

            if (customStatements.Count == 0)
            {
                await ExecAsync(connection, $"ALTER ROLE {quoted} NOLOGIN", cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await using var terminate = new NpgsqlCommand(
                    "SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE usename = $1 AND pid <> pg_catalog.pg_backend_pid()", connection);
                terminate.Parameters.Add(new NpgsqlParameter { Value = username });
                await terminate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // An admin without pg_signal_backend cannot end the sessions; NOLOGIN and the drop still apply.
            }

            List<string> statements;
            if (customStatements.Count > 0)
            {
                statements = customStatements.Select(s => StatementTemplate.Render(s, name: username)).ToList();
            }
            else if (holdsRole == true)
            {
                statements = [$"REASSIGN OWNED BY {quoted} TO CURRENT_USER", $"DROP OWNED BY {quoted}", $"DROP ROLE IF EXISTS {quoted}"];
            }
            else
            {
                statements = [];
                await using (var schemas = new NpgsqlCommand("SELECT nspname FROM pg_catalog.pg_namespace WHERE left(nspname, 3) <> 'pg_' AND nspname <> 'information_schema'", connection))
                await using (var reader = await schemas.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var schema = StatementTemplate.QuoteIdentifier(reader.GetString(0));
                        statements.Add($"REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA {schema} FROM {quoted}");
                        statements.Add($"REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA {schema} FROM {quoted}");
                        statements.Add($"REVOKE ALL PRIVILEGES ON ALL FUNCTIONS IN SCHEMA {schema} FROM {quoted}");
                        statements.Add($"REVOKE USAGE ON SCHEMA {schema} FROM {quoted}");
                    }
                }

                statements.Add($"REVOKE ALL PRIVILEGES ON DATABASE {StatementTemplate.QuoteIdentifier(connection.Database)} FROM {quoted}");
                statements.Add($"DROP ROLE IF EXISTS {quoted}");
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sql in statements.Where(s => !string.IsNullOrWhiteSpace(s)))
            {
                await ExecAsync(connection, sql, cancellationToken, transaction).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _sources.Keys.ToList())
        {
            if (_sources.TryRemove(name, out var source) && source.IsValueCreated)
            {
                await source.Value.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WithConnectionAsync(string name, ConnectionConfig config, string what, string?[] secrets, Func<NpgsqlConnection, Task> work, CancellationToken cancellationToken)
    {
        string?[] redact = [.. secrets, config.Password];
        for (var attempt = 1; ; attempt++)
        {
            NpgsqlDataSource source;
            try
            {
                source = Source(name, config);
            }
            catch (FormatException e)
            {
                throw new DatabaseException($"{what}: invalid connection_url ({e.Message})");
            }

            try
            {
                await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await work(connection).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                if (DatabaseErrors.IsConnectionFailure(ex))
                {
                    source.Clear();
                    if (attempt == 1 && ex is not PostgresException { SqlState: "28P01" or "28000" or "3D000" })
                    {
                        continue;
                    }
                }

                throw DatabaseErrors.Wrap($"{what} (database \"{name}\")", ex, redact);
            }
        }
    }

    private NpgsqlDataSource Source(string name, ConnectionConfig config)
    {
        var lazy = _sources.GetOrAdd(name, _ => new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(ConnectionUrl.Build(config))));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _sources.TryRemove(new KeyValuePair<string, Lazy<NpgsqlDataSource>>(name, lazy));
            throw;
        }
    }
}
