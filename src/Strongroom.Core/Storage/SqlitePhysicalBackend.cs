using Microsoft.Data.Sqlite;

namespace Strongroom.Core.Storage;

/// <summary>
/// Physical storage in one SQLite file: table <c>strongroom_kv(key TEXT PRIMARY KEY, value BLOB)</c>,
/// WAL journal, <c>synchronous=FULL</c> (a completed put is durable), a busy timeout for concurrent
/// writers, pooled connections (one per operation, from Microsoft.Data.Sqlite's pool).
/// Writes are group-committed (<see cref="GroupCommitter{TBatch}"/>): concurrent puts, deletes and
/// batches queue, and one committer writes everything queued in one transaction and one fsync; each
/// batch stays atomic and each caller returns only once its writes are durable.
/// Every SQLite or file-system failure surfaces as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class SqlitePhysicalBackend : IPhysicalBackend
{
    private readonly string connectionString;
    private readonly string path;
    private readonly int busyTimeoutMs;
    private readonly int commandTimeoutSeconds;
    private volatile bool disposed;

    // Native connection handles that already carry this backend's PRAGMAs (weak: closed handles drop out).
    private static readonly object Configured = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> configuredHandles = new();

    // SQLite has one writer at a time and a durable commit costs an fsync: writers queue here
    // (instead of colliding in SQLite's busy handler, which sleeps and retries) and are committed
    // in groups, one transaction for everything queued.
    private readonly GroupCommitter<WriteBatch> writer;

    private SqlitePhysicalBackend(string path, TimeSpan busyTimeout)
    {
        this.path = path;
        busyTimeoutMs = (int)Math.Clamp(busyTimeout.TotalMilliseconds, 0, int.MaxValue);

        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout (0 would mean forever).
        commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = commandTimeoutSeconds,
        }.ToString();
        writer = new GroupCommitter<WriteBatch>(CommitGroupAsync);
    }

    /// <summary>
    /// Opens (creating the parent directory, file and table if needed) the database at
    /// <see cref="SqlitePhysicalBackendOptions.Path"/> and switches it to WAL.
    /// </summary>
    public static async ValueTask<SqlitePhysicalBackend> OpenAsync(SqlitePhysicalBackendOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        var fullPath = System.IO.Path.GetFullPath(options.Path);
        try
        {
            var directory = System.IO.Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(directory);
                }
                else
                {
                    Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            // Key names are plaintext: create the file owner-only (SQLite gives -wal/-shm the same mode).
            if (!OperatingSystem.IsWindows() && !File.Exists(fullPath))
            {
                using (File.Create(fullPath))
                {
                }

                File.SetUnixFileMode(fullPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"SQLite storage '{fullPath}' unavailable: cannot create its directory or file ({ex.GetType().Name})", ex);
        }

        var backend = new SqlitePhysicalBackend(fullPath, options.BusyTimeout);
        await backend.RunAsync("open", async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            var mode = (string?)await command.ExecuteScalarAsync(ct);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageUnavailableException($"SQLite storage '{fullPath}' unavailable: WAL journal mode could not be enabled");
            }

            command.CommandText = "CREATE TABLE IF NOT EXISTS strongroom_kv (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);";
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);
        return backend;
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateKey(key);
        return RunAsync("get", async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM strongroom_kv WHERE key = $key;";
            command.Parameters.AddWithValue("$key", key);
            return (byte[]?)await command.ExecuteScalarAsync(ct);
        }, cancellationToken);
    }

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default) =>
        CommitAsync([PhysicalWrite.Put(key, value)], cancellationToken);

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        CommitAsync([PhysicalWrite.Delete(key)], cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateListPrefix(prefix);
        return RunAsync("list", async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            var end = PhysicalKeys.RangeEnd(prefix);
            if (end is null)
            {
                command.CommandText = "SELECT key FROM strongroom_kv ORDER BY key;";
            }
            else
            {
                // Index range scan: keys under "a/" are exactly those in ["a/", "a0") (byte order).
                command.CommandText = "SELECT key FROM strongroom_kv WHERE key >= $from AND key < $to ORDER BY key;";
                command.Parameters.AddWithValue("$from", prefix);
                command.Parameters.AddWithValue("$to", end);
            }

            var keys = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                keys.Add(reader.GetString(0));
            }

            return PhysicalKeys.ImmediateChildren(prefix, keys);
        }, cancellationToken);
    }

    public async ValueTask CommitAsync(IReadOnlyList<PhysicalWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        PhysicalKeys.ValidateBatch(writes);
        ObjectDisposedException.ThrowIf(disposed, this);
        await writer.CommitAsync(new WriteBatch([.. writes], ClearFirst: false), cancellationToken);
    }

    public ValueTask<IReadOnlyList<PhysicalEntry>> ExportAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<PhysicalEntry>>("export", async (connection, ct) =>
        {
            // One read transaction: a consistent view even while writers commit (WAL snapshot).
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT key, value FROM strongroom_kv ORDER BY key;";
            var entries = new List<PhysicalEntry>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                entries.Add(new PhysicalEntry(reader.GetString(0), (byte[])reader.GetValue(1)));
            }

            return entries;
        }, cancellationToken);

    public async ValueTask ReplaceAllAsync(IReadOnlyList<PhysicalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            PhysicalKeys.ValidateKey(entry.Key);
        }

        ObjectDisposedException.ThrowIf(disposed, this);
        await writer.CommitAsync(new WriteBatch([.. entries.Select(e => PhysicalWrite.Put(e.Key, e.Value))], ClearFirst: true), cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Commits every batch of <paramref name="group"/> in one IMMEDIATE transaction (the write lock
    /// up front, so it cannot deadlock half-way) with one fsync. Not cancellable: a caller whose
    /// batch was taken waits for the outcome.
    /// </summary>
    private async Task CommitGroupAsync(IReadOnlyList<WriteBatch> group) =>
        await RunAsync("write", async (connection, ct) =>
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = "INSERT INTO strongroom_kv (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
            var upsertKey = upsert.Parameters.Add("$key", SqliteType.Text);
            var upsertValue = upsert.Parameters.Add("$value", SqliteType.Blob);
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM strongroom_kv WHERE key = $key;";
            var deleteKey = delete.Parameters.Add("$key", SqliteType.Text);
            foreach (var batch in group)
            {
                if (batch.ClearFirst)
                {
                    await using var clear = connection.CreateCommand();
                    clear.Transaction = transaction;
                    clear.CommandText = "DELETE FROM strongroom_kv;";
                    await clear.ExecuteNonQueryAsync(ct);
                }

                foreach (var write in batch.Writes)
                {
                    if (write.Value is null)
                    {
                        deleteKey.Value = write.Key;
                        await delete.ExecuteNonQueryAsync(ct);
                    }
                    else
                    {
                        upsertKey.Value = write.Key;
                        upsertValue.Value = write.Value;
                        await upsert.ExecuteNonQueryAsync(ct);
                    }
                }
            }

            await transaction.CommitAsync(ct);
            return true;
        }, CancellationToken.None);

    private async ValueTask<T> RunAsync<T>(string operation, Func<SqliteConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            // Per-connection settings (durable commits, the writer wait) live on the native handle, which
            // the pool reuses: apply them once per handle, not on every operation.
            if (connection.Handle is { } handle && !configuredHandles.TryGetValue(handle, out _))
            {
                await using (var pragma = connection.CreateCommand())
                {
                    pragma.CommandText = $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={busyTimeoutMs};";
                    await pragma.ExecuteNonQueryAsync(cancellationToken);
                }

                configuredHandles.TryAdd(handle, Configured);
            }

            return await body(connection, cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw new StorageUnavailableException($"SQLite storage '{path}' unavailable during {operation}: SQLite error {ex.SqliteErrorCode}/{ex.SqliteExtendedErrorCode}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"SQLite storage '{path}' unavailable during {operation}: {ex.GetType().Name}", ex);
        }
    }

    /// <summary>One caller's writes, applied in order; <paramref name="ClearFirst"/> empties the table first (restore).</summary>
    private sealed record WriteBatch(PhysicalWrite[] Writes, bool ClearFirst);
}
