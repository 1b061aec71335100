// Raw single-row PostgreSQL throughput at N concurrent connections, the baseline for KV v2 on the
// PostgreSQL backend (bench/pgstorage/run.sh):
//   raw <connection-string> <select|insert> <seconds> <connections> <value-bytes>
// select: SELECT value by primary key from a table of 1000 rows; insert: one autocommit upsert per
// operation (a new key each time). Prints "<ops/s> <p50 ms> <p99 ms>".
using System.Diagnostics;
using Npgsql;

if (args.Length != 6 || args[0] != "raw")
{
    Console.Error.WriteLine("usage: raw <connection-string> <select|insert> <seconds> <connections> <value-bytes>");
    return 2;
}

var connectionString = args[1];
var mode = args[2];
var seconds = int.Parse(args[3]);
var connections = int.Parse(args[4]);
var value = new byte[int.Parse(args[5])];
Random.Shared.NextBytes(value);

await using var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=" + (connections + 2));
await using (var setup = await dataSource.OpenConnectionAsync())
{
    await using var create = new NpgsqlCommand("DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (path TEXT COLLATE \"C\" NOT NULL, key TEXT COLLATE \"C\" NOT NULL, value BYTEA NOT NULL, PRIMARY KEY (path, key));", setup);
    await create.ExecuteNonQueryAsync();
    await using var seed = new NpgsqlCommand("INSERT INTO bench_raw SELECT 'bench/', 'k' || g, $1 FROM generate_series(0, 999) g", setup);
    seed.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = value });
    await seed.ExecuteNonQueryAsync();
}

var stop = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(seconds);
var latencies = new List<double>[connections];
var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
{
    var mine = latencies[w] = [];
    var i = 0;
    while (stop.Elapsed < deadline)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            if (mode == "select")
            {
                await using var command = new NpgsqlCommand("SELECT value FROM bench_raw WHERE path = $1 AND key = $2", connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "bench/" });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "k" + (i % 1000) });
                await command.ExecuteScalarAsync();
            }
            else
            {
                await using var command = new NpgsqlCommand("INSERT INTO bench_raw (path, key, value) VALUES ($1, $2, $3) ON CONFLICT (path, key) DO UPDATE SET value = excluded.value", connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "w" + w + "/" });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "k" + (i % 500) });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = value });
                await command.ExecuteNonQueryAsync();
            }
        }

        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        i++;
    }
})).ToArray();
await Task.WhenAll(workers);
var all = latencies.SelectMany(l => l).Order().ToList();
var rate = all.Count / stop.Elapsed.TotalSeconds;
Console.WriteLine($"{rate:F0} {all[all.Count / 2]:F2} {all[(int)(all.Count * 0.99)]:F2}");
return 0;
