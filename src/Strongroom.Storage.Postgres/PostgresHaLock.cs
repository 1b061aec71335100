using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using Strongroom.Core.Ha;
using Strongroom.Core.Storage;

namespace Strongroom.Storage.Postgres;

/// <summary>
/// The HA lock as rows of the ha_table (Vault's shape: ha_key, ha_identity, ha_value, valid_until).
/// Row "leader" is the active lock: taken with one upsert that succeeds only when the row is free,
/// expired, or already ours, and renewed the same way. Rows "node/&lt;id&gt;" are heartbeats for
/// sys/ha-status. Time is PostgreSQL's clock (one clock for every node). Uses its own small pool.
/// </summary>
internal sealed class PostgresHaLock : IHaLock, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _host;
    private readonly string _sqlHold;
    private readonly string _sqlRelease;
    private readonly string _sqlLeader;
    private readonly string _sqlHeartbeat;
    private readonly string _sqlNodes;
    private readonly string _sqlForget;

    public PostgresHaLock(NpgsqlDataSource dataSource, string table, TimeSpan ttl, string host)
    {
        _dataSource = dataSource;
        _host = host;
        Table = table;
        Ttl = ttl;
        NodeId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var t = PostgresPhysicalBackend.Quote(table);
        _sqlHold = $"""
            INSERT INTO {t} AS l (ha_key, ha_identity, ha_value, valid_until) VALUES ('leader', $1, $2, clock_timestamp() + $3 * interval '1 millisecond')
            ON CONFLICT (ha_key) DO UPDATE SET ha_identity = excluded.ha_identity, ha_value = excluded.ha_value, valid_until = excluded.valid_until
            WHERE l.ha_identity = excluded.ha_identity OR l.valid_until < clock_timestamp()
            RETURNING ha_identity
            """;
        _sqlRelease = $"DELETE FROM {t} WHERE ha_key = 'leader' AND ha_identity = $1";
        _sqlLeader = $"SELECT ha_identity, ha_value, valid_until FROM {t} WHERE ha_key = 'leader' AND valid_until > clock_timestamp()";
        _sqlHeartbeat = $"""
            INSERT INTO {t} (ha_key, ha_identity, ha_value, valid_until) VALUES ('node/' || $1, $1, $2, clock_timestamp() + $3 * interval '1 millisecond')
            ON CONFLICT (ha_key) DO UPDATE SET ha_value = excluded.ha_value, valid_until = excluded.valid_until
            """;
        _sqlForget = $"DELETE FROM {t} WHERE ha_key LIKE 'node/%' AND valid_until < clock_timestamp() - interval '1 minute'";
        _sqlNodes = $"SELECT ha_identity, ha_value, valid_until FROM {t} WHERE ha_key LIKE 'node/%' AND valid_until > clock_timestamp() ORDER BY ha_identity";
    }

    public string NodeId { get; }

    public string Table { get; }

    public TimeSpan Ttl { get; }

    public bool FenceWrites { get; set; }

    public ValueTask<bool> TryHoldAsync(string apiAddr, CancellationToken cancellationToken) =>
        RunAsync("lock", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(_sqlHold, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = NodeId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = apiAddr ?? "" });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = Ttl.TotalMilliseconds });
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is string holder && holder == NodeId;
        }, cancellationToken);

    public async ValueTask ReleaseAsync(CancellationToken cancellationToken) =>
        await RunAsync("unlock", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(_sqlRelease, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = NodeId });
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    public ValueTask<HaNode?> GetLeaderAsync(CancellationToken cancellationToken) =>
        RunAsync("leader", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(_sqlLeader, connection);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false)
                ? new HaNode(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
                : null;
        }, cancellationToken);

    public async ValueTask HeartbeatAsync(string apiAddr, CancellationToken cancellationToken) =>
        await RunAsync("heartbeat", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(_sqlHeartbeat, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = NodeId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = apiAddr ?? "" });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = (Ttl * 3).TotalMilliseconds });
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await using var forget = new NpgsqlCommand(_sqlForget, connection);
            return await forget.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    public ValueTask<IReadOnlyList<HaNode>> ListNodesAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<HaNode>>("nodes", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(_sqlNodes, connection);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var nodes = new List<HaNode>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                nodes.Add(new HaNode(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }

            return nodes;
        }, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"PostgresHaLock({NodeId}, ttl {Ttl.TotalSeconds}s)");

    private async ValueTask<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                return await body(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException ex) when (attempt == 1 && PostgresErrors.IsConnectionLevel(ex) && !cancellationToken.IsCancellationRequested)
            {
                _dataSource.Clear();
            }
            catch (NpgsqlException ex)
            {
                throw new StorageUnavailableException($"PostgreSQL HA lock at {_host} unavailable during {operation}: {PostgresErrors.Describe(ex)}", ex);
            }
            catch (TimeoutException ex)
            {
                throw new StorageUnavailableException($"PostgreSQL HA lock at {_host} unavailable during {operation}: timed out", ex);
            }
        }
    }
}
