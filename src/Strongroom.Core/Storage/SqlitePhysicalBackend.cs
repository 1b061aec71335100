using Microsoft.Data.Sqlite;

namespace Strongroom.Core.Storage;

/// <summary>
/// Physical storage in one SQLite file: table <c>strongroom_kv(key TEXT PRIMARY KEY, value BLOB)</c>,
/// WAL journal, <c>synchronous=FULL</c> (a completed put is durable), a busy timeout for concurrent
/// writers, pooled connections (one per operation, from Microsoft.Data.Sqlite's pool).
/// Every SQLite or file-system failure surfaces as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class SqlitePhysicalBackend : IPhysicalBackend
{
    private readonly string connectionString;
    private readonly string path;
    private readonly int busyTimeoutMs;
    private readonly int commandTimeoutSeconds;
    private volatile bool disposed;

    // SQLite has one writer at a time; queueing writers here instead of letting them collide in
    // SQLite's busy handler (which sleeps and retries) keeps concurrent writes fast and fair.
    private readonly SemaphoreSlim writeGate = new(1, 1);

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

    public async ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        await RunWriteAsync("put", async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO strongroom_kv (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.Add("$value", SqliteType.Blob).Value = value;
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        PhysicalKeys.ValidateKey(key);
        await RunWriteAsync("delete", async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM strongroom_kv WHERE key = $key;";
            command.Parameters.AddWithValue("$key", key);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }

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
        await RunWriteAsync("commit", async (connection, ct) =>
        {
            // BEGIN IMMEDIATE: take the write lock up front so the batch cannot deadlock half-way.
            await using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var write in writes)
            {
                await ApplyAsync(connection, transaction, write.Key, write.Value, ct);
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
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

        await RunWriteAsync("restore", async (connection, ct) =>
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using (var clear = connection.CreateCommand())
            {
                clear.Transaction = transaction;
                clear.CommandText = "DELETE FROM strongroom_kv;";
                await clear.ExecuteNonQueryAsync(ct);
            }

            foreach (var entry in entries)
            {
                await ApplyAsync(connection, transaction, entry.Key, entry.Value, ct);
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
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

    private static async Task ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, string key, byte[]? value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$key", key);
        if (value is null)
        {
            command.CommandText = "DELETE FROM strongroom_kv WHERE key = $key;";
        }
        else
        {
            command.CommandText = "INSERT INTO strongroom_kv (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
            command.Parameters.Add("$value", SqliteType.Blob).Value = value;
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async ValueTask<T> RunWriteAsync<T>(string operation, Func<SqliteConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(operation, body, cancellationToken);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private async ValueTask<T> RunAsync<T>(string operation, Func<SqliteConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var pragma = connection.CreateCommand())
            {
                // Per-connection settings: durable commits and the writer wait.
                pragma.CommandText = $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={busyTimeoutMs};";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
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
}
