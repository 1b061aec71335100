// Baselines for the HTTP benchmarks, run in the same session as the server under test:
//   bare <port> <bytes>            a bare Kestrel endpoint returning a fixed JSON body of about <bytes>
//   sqlite-inserts <file> <count>  raw single-row durable inserts (WAL, synchronous=FULL), one per transaction
//   seed <addr> <token> <count>    writes <count> kv-v2 secrets with 16 concurrent clients
//   audit-broker <dir> <seconds> [callers]  the audit broker's cost per KV read (see AuditBrokerBench)
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

switch (args.FirstOrDefault())
{
    case "bare":
        await RunBareAsync(int.Parse(args[1]), int.Parse(args[2]));
        return 0;
    case "sqlite-inserts":
        RunSqliteInserts(args[1], int.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 1);
        return 0;
    case "seed":
        await SeedAsync(new Uri(args[1]), args[2], int.Parse(args[3]));
        return 0;
    case "audit-broker":
        await AuditBrokerBench.RunAsync(args[1], double.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 16);
        return 0;
    default:
        Console.Error.WriteLine("usage: bare <port> <bytes> | sqlite-inserts <file> <count> [threads] | seed <addr> <token> <count> | audit-broker <dir> <seconds> [callers]");
        return 2;
}

static async Task RunBareAsync(int port, int bytes)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
    var app = builder.Build();
    var padding = new string('x', Math.Max(0, bytes - 300));
    var body = System.Text.Encoding.UTF8.GetBytes(
        $"{{\"request_id\":\"{Guid.NewGuid()}\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,\"data\":{{\"data\":{{\"api_key\":\"{padding}\"}},\"metadata\":{{\"version\":1}}}},\"wrap_info\":null,\"warnings\":null,\"auth\":null,\"mount_type\":\"kv\"}}\n");
    app.MapGet("/v1/{**path}", async (HttpContext http) =>
    {
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(body);
    });
    await app.RunAsync();
}

static void RunSqliteInserts(string file, int count, int threads)
{
    using (var setup = new SqliteConnection($"Data Source={file};Pooling=True"))
    {
        setup.Open();
        using var cmd = setup.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB NOT NULL);";
        cmd.ExecuteNonQuery();
    }

    var payload = new byte[200];
    Random.Shared.NextBytes(payload);
    var sw = Stopwatch.StartNew();
    var per = count / threads;
    Parallel.For(0, threads, t =>
    {
        using var conn = new SqliteConnection($"Data Source={file};Pooling=True;Default Timeout=30");
        conn.Open();
        using (var pragma = conn.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
            pragma.ExecuteNonQuery();
        }

        using var insert = conn.CreateCommand();
        insert.CommandText = "INSERT OR REPLACE INTO kv (key, value) VALUES ($k, $v)";
        var k = insert.Parameters.Add("$k", SqliteType.Text);
        var v = insert.Parameters.Add("$v", SqliteType.Blob);
        for (var i = 0; i < per; i++)
        {
            k.Value = $"t{t}/k{i}";
            v.Value = payload;
            insert.ExecuteNonQuery();
        }
    });
    sw.Stop();
    Console.WriteLine($"sqlite_inserts_per_sec {per * threads / sw.Elapsed.TotalSeconds:F0}");
}

static async Task SeedAsync(Uri addr, string token, int count)
{
    using var http = new HttpClient { BaseAddress = addr };
    http.DefaultRequestHeaders.Add("X-Vault-Token", token);
    var next = -1;
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            using var response = await http.PostAsJsonAsync($"/v1/secret/data/seed/{i % 1000}/k{i}", new { data = new { api_key = $"seed-value-{i:D8}-not-a-real-key" } });
            response.EnsureSuccessStatusCode();
        }
    }));
    Console.WriteLine($"seeded {count} in {sw.Elapsed.TotalSeconds:F1}s");
}
