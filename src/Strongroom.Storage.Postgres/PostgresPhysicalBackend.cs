using Npgsql;
using NpgsqlTypes;
using Strongroom.Core.Ha;
using Strongroom.Core.Storage;

namespace Strongroom.Storage.Postgres;

/// <summary>
/// Physical storage in one PostgreSQL table, Vault's layout: <c>(parent_path, path, key, value)</c>,
/// primary key (path, key), where key "a/b/c" is stored as path "a/b/", key "c", parent_path "a/".
/// Text columns use the "C" collation so ordering and range scans are byte order.
/// Connections come from one Npgsql pool (max_parallel). A connection-level failure (PostgreSQL
/// restarted, socket dropped) clears the pool and the operation is retried once on a fresh
/// connection (every operation here is idempotent); if that fails too the caller gets
/// <see cref="StorageUnavailableException"/>. Every operation is one round trip: a read is one
/// auto-prepared SELECT; a commit of any size is one pipelined batch that PostgreSQL runs as one
/// implicit transaction. With HA enabled and fencing on, that batch starts with a statement that
/// share-locks this node's lock row and fails if the node does not hold a valid lock, aborting
/// the whole batch, so a node that lost the lock can never write (a takeover waits for in-flight
/// fenced writes to finish).
/// </summary>
public sealed class PostgresPhysicalBackend : IHaStorage
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresHaLock? _lock;
    private readonly string _table;
    private readonly string _host;
    private readonly string _sqlGet;
    private readonly string _sqlPut;
    private readonly string _sqlDelete;
    private readonly string _sqlList;
    private readonly string _sqlFence;
    private volatile bool _disposed;

    private PostgresPhysicalBackend(PostgresStorageOptions options, NpgsqlDataSource dataSource, PostgresHaLock? haLock, string host)
    {
        _dataSource = dataSource;
        _lock = haLock;
        _host = host;
        _table = Quote(options.Table);
        _sqlGet = $"SELECT value FROM {_table} WHERE path = $1 AND key = $2";
        _sqlPut = $"INSERT INTO {_table} (parent_path, path, key, value) VALUES ($1, $2, $3, $4) ON CONFLICT (path, key) DO UPDATE SET value = excluded.value";
        _sqlDelete = $"DELETE FROM {_table} WHERE path = $1 AND key = $2";

        // Leaves directly in the folder, and the first segment of every deeper path (range scan on the
        // primary key: paths under "a/" sort in ["a/", "a0")), folded into one sorted, paged list.
        _sqlList = $"""
            SELECT name FROM (
              SELECT key AS name FROM {_table} WHERE path = $1
              UNION
              SELECT split_part(substr(path, length($1) + 1), '/', 1) || '/' FROM {_table} WHERE path > $1 AND ($2::text IS NULL OR path < $2)
            ) children WHERE name > $3 ORDER BY name COLLATE "C" LIMIT $4
            """;

        // Share-locks this node's lock row until the transaction ends (a takeover's upsert waits for
        // in-flight fenced writes) and fails with division_by_zero when the row is not this node's
        // valid lock: an error, not an empty result, so that it aborts the pipeline it leads.
        _sqlFence = haLock is null ? "" : $"""
            SELECT 1 / count(*)::int FROM (
              SELECT 1 FROM {Quote(haLock.Table)} WHERE ha_key = 'leader' AND ha_identity = $1 AND valid_until > clock_timestamp() FOR SHARE
            ) AS held_lock
            """;
    }

    /// <summary>The HA lock when ha_enabled, else null.</summary>
    public IHaLock? HaLock => _lock;

    /// <summary>Connects, creates the table (and the HA table) if missing, and returns the backend.</summary>
    public static async ValueTask<PostgresPhysicalBackend> OpenAsync(PostgresStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = true,
            MaxPoolSize = options.MaxParallel,

            // We never change session state, so skip Npgsql's DISCARD ALL on every pooled open, and let
            // the few statements we run be prepared once per physical connection.
            NoResetOnClose = true,
            MaxAutoPrepare = 16,
            AutoPrepareMinUsages = 2,
        };
        if (builder.ApplicationName is null)
        {
            builder.ApplicationName = "strongroom";
        }

        var host = builder.Host ?? "(default host)";
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        PostgresHaLock? haLock = null;
        if (options.HaEnabled)
        {
            // The lock renews on its own small pool so a saturated data pool cannot starve it.
            var lockBuilder = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { MaxPoolSize = 2, ApplicationName = builder.ApplicationName + "-ha" };
            haLock = new PostgresHaLock(NpgsqlDataSource.Create(lockBuilder.ConnectionString), options.HaTable, options.LockTtl, host);
        }

        var backend = new PostgresPhysicalBackend(options, dataSource, haLock, host);
        try
        {
            await backend.CreateSchemaAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await backend.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return backend;
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateKey(key);
        var (_, path, leaf) = Split(key);
        return RunAsync("get", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(_sqlGet, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = path });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = leaf });
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as byte[];
        }, cancellationToken);
    }

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return CommitAsync([PhysicalWrite.Put(key, value)], cancellationToken);
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        CommitAsync([PhysicalWrite.Delete(key)], cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        ListPageAsync(prefix, "", int.MaxValue, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListPageAsync(string prefix, string after, int limit, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateListPrefix(prefix);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return RunAsync<IReadOnlyList<string>>("list", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(_sqlList, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)PhysicalKeys.RangeEnd(prefix) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = limit });
            var names = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }

            // The database collation is "C" for these columns; sort again so the contract does not depend on it.
            names.Sort(StringComparer.Ordinal);
            return names;
        }, cancellationToken);
    }

    public async ValueTask CommitAsync(IReadOnlyList<PhysicalWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        PhysicalKeys.ValidateBatch(writes);
        if (writes.Count == 0)
        {
            return;
        }

        await RunAsync("write", async (connection, ct) =>
        {
            // One round trip whatever the batch: the statements go out as one pipeline ending in a
            // single Sync, which PostgreSQL runs as one implicit transaction (all or nothing). With
            // fencing on, the first statement checks this node's lock and fails the whole pipeline
            // if the lock is not held, so nothing of the batch commits.
            await using var batch = new NpgsqlBatch(connection);
            var fence = AddFence(batch);
            foreach (var write in writes)
            {
                batch.BatchCommands.Add(BatchCommand(write));
            }

            await ExecuteFencedAsync(batch, fence, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<IReadOnlyList<PhysicalEntry>> ExportAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<PhysicalEntry>>("export", async (connection, ct) =>
        {
            // One REPEATABLE READ transaction: a consistent snapshot while other nodes keep writing.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"SELECT path || key, value FROM {_table}", connection, transaction);
            var entries = new List<PhysicalEntry>();
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    entries.Add(new PhysicalEntry(reader.GetString(0), (byte[])reader.GetValue(1)));
                }
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return entries;
        }, cancellationToken);

    public async ValueTask ReplaceAllAsync(IReadOnlyList<PhysicalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var parents = new string[entries.Count];
        var paths = new string[entries.Count];
        var keys = new string[entries.Count];
        var values = new byte[entries.Count][];
        for (var i = 0; i < entries.Count; i++)
        {
            PhysicalKeys.ValidateKey(entries[i].Key);
            (parents[i], paths[i], keys[i]) = Split(entries[i].Key);
            values[i] = entries[i].Value;
        }

        await RunAsync("restore", async (connection, ct) =>
        {
            // Fence, clear and refill in one pipeline: one implicit transaction, all or nothing.
            await using var batch = new NpgsqlBatch(connection);
            var fence = AddFence(batch);
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM {_table}"));
            var insert = new NpgsqlBatchCommand($"INSERT INTO {_table} (parent_path, path, key, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[])");
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = parents });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = paths });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = values });
            batch.BatchCommands.Add(insert);
            await ExecuteFencedAsync(batch, fence, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_lock is not null)
        {
            await _lock.DisposeAsync().ConfigureAwait(false);
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>"a/b/c" → ("a/", "a/b/", "c"); "c" → ("", "", "c").</summary>
    internal static (string Parent, string Path, string Key) Split(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash < 0)
        {
            return ("", "", key);
        }

        var path = key[..(slash + 1)];
        var parentSlash = key.LastIndexOf('/', slash - 1 < 0 ? 0 : slash - 1);
        var parent = slash == 0 || parentSlash < 0 ? "" : key[..(parentSlash + 1)];
        return (parent, path, key[(slash + 1)..]);
    }

    internal static string Quote(string identifier) =>
        string.Join('.', identifier.Split('.').Select(part => "\"" + part + "\""));

    private async Task CreateSchemaAsync(PostgresStorageOptions options, CancellationToken cancellationToken)
    {
        await RunAsync("create schema", async (connection, ct) =>
        {
            // Several nodes may start at once: serialise CREATE TABLE IF NOT EXISTS on an advisory lock.
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var sql = $"""
                SELECT pg_advisory_xact_lock(7263451902);
                CREATE TABLE IF NOT EXISTS {_table} (
                  parent_path TEXT COLLATE "C" NOT NULL,
                  path        TEXT COLLATE "C" NOT NULL,
                  key         TEXT COLLATE "C" NOT NULL,
                  value       BYTEA NOT NULL,
                  PRIMARY KEY (path, key)
                );
                CREATE INDEX IF NOT EXISTS {Quote(options.Table.Split('.')[^1] + "_parent_path_idx")} ON {_table} (parent_path);
                """;
            if (options.HaEnabled)
            {
                sql += $"""

                    CREATE TABLE IF NOT EXISTS {Quote(options.HaTable)} (
                      ha_key      TEXT COLLATE "C" PRIMARY KEY,
                      ha_identity TEXT NOT NULL,
                      ha_value    TEXT NOT NULL,
                      valid_until TIMESTAMPTZ NOT NULL
                    );
                    """;
            }

            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>With fencing on, adds the lock check as the batch's first statement and returns it.</summary>
    private NpgsqlBatchCommand? AddFence(NpgsqlBatch batch)
    {
        if (_lock is not { FenceWrites: true })
        {
            return null;
        }

        var fence = new NpgsqlBatchCommand(_sqlFence);
        fence.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _lock.NodeId });
        batch.BatchCommands.Add(fence);
        return fence;
    }

    /// <summary>Runs a write batch; the fence is the only statement that can divide by zero.</summary>
    private static async Task ExecuteFencedAsync(NpgsqlBatch batch, NpgsqlBatchCommand? fence, CancellationToken cancellationToken)
    {
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (fence is not null && ex.SqlState == PostgresErrorCodes.DivisionByZero)
        {
            throw new HaLockLostException();
        }
    }

    private NpgsqlBatchCommand BatchCommand(PhysicalWrite write)
    {
        var (parent, path, leaf) = Split(write.Key);
        var command = new NpgsqlBatchCommand(write.Value is null ? _sqlDelete : _sqlPut);
        AddWriteParameters(command.Parameters, write, parent, path, leaf);
        return command;
    }

    private static void AddWriteParameters(NpgsqlParameterCollection parameters, PhysicalWrite write, string parent, string path, string leaf)
    {
        if (write.Value is not null)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = parent });
        }

        parameters.Add(new NpgsqlParameter<string> { TypedValue = path });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = leaf });
        if (write.Value is not null)
        {
            parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = write.Value });
        }
    }

    private async ValueTask<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                return await body(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (HaLockLostException)
            {
                throw new StorageUnavailableException($"PostgreSQL storage refused {operation}: this node does not hold the HA lock (another node is active)");
            }
            catch (NpgsqlException ex) when (attempt == 1 && PostgresErrors.IsConnectionLevel(ex) && !cancellationToken.IsCancellationRequested)
            {
                // Stale pooled connections after a PostgreSQL restart: drop them all and retry once.
                _dataSource.Clear();
            }
            catch (NpgsqlException ex)
            {
                throw new StorageUnavailableException($"PostgreSQL storage at {_host} unavailable during {operation}: {PostgresErrors.Describe(ex)}", ex);
            }
            catch (TimeoutException ex)
            {
                throw new StorageUnavailableException($"PostgreSQL storage at {_host} unavailable during {operation}: timed out", ex);
            }
        }
    }
}
