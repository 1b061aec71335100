// Unseal time with N live leases vs 0 leases, in the same run, on the SQLite backend:
//   dotnet run -c Release --project bench/leases -- [leases=100000] [dir=/tmp]
// The core is driven directly (no HTTP): init, unseal, time seal+unseal with 0 leases, register N
// leases through the expiration manager (barrier-encrypted, durable SQLite writes), time seal+unseal
// again, and time 1,000 lease registrations at 0 and at N leases (request-path cost).
using System.Diagnostics;
using System.Text.Json.Nodes;
using Strongroom.Core;
using Strongroom.Core.Storage;
using Strongroom.Sdk;

var count = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var dir = Path.Combine(args.Length > 1 ? args[1] : Path.GetTempPath(), "strongroom-lease-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(dir);
try
{
    var physical = await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(Path.Combine(dir, "bench.db")));
    await using var core = new StrongroomCore(new CoreOptions { StorageType = "sqlite" }, physical, TimeProvider.System, []);
    await core.StartAsync();
    var init = await core.InitializeAsync(1, 1);
    var share = init.KeyShares[0].ToArray();
    await core.UnsealAsync(share);

    var secret = new SecretLease { Ttl = TimeSpan.FromDays(30), Renewable = true, InternalData = new JsonObject { ["username"] = "bench" } };
    await RegisterAsync(core, secret, 1_000, "bench/jit/");      // warm-up (JIT, connection pool), not measured
    await core.Leases.RevokePrefixAsync("bench/jit/", force: true, CancellationToken.None);
    var registerEmpty = await RegisterAsync(core, secret, 1_000, "bench/warm/");
    var unsealEmpty = await TimeUnsealAsync(core, share, 3);
    await core.Leases.RevokePrefixAsync("bench/warm/", force: true, CancellationToken.None);

    var fill = Stopwatch.StartNew();
    await RegisterAsync(core, secret, count, "bench/creds/");
    fill.Stop();
    var unsealFull = await TimeUnsealAsync(core, share, 3);
    if (core.Leases.Count != count)
    {
        throw new InvalidOperationException($"expected {count} leases after unseal, found {core.Leases.Count}");
    }

    var registerFull = await RegisterAsync(core, secret, 1_000, "bench/late/");
    Console.WriteLine($"leases={count} fill={fill.Elapsed.TotalSeconds:F1}s ({count / fill.Elapsed.TotalSeconds:F0}/s)");
    Console.WriteLine($"unseal (seal+unseal, best of 3) with 0 leases: {unsealEmpty.TotalMilliseconds:F0} ms");
    Console.WriteLine($"unseal (seal+unseal, best of 3) with {count} leases: {unsealFull.TotalMilliseconds:F0} ms ({unsealFull / unsealEmpty:F0}x)");
    Console.WriteLine($"1,000 registrations with 0 leases: {registerEmpty.TotalMilliseconds:F0} ms; with {count}: {registerFull.TotalMilliseconds:F0} ms ({registerFull / registerEmpty:F2}x)");
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static async Task<TimeSpan> RegisterAsync(StrongroomCore core, SecretLease secret, int count, string path)
{
    var sw = Stopwatch.StartNew();
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            await core.Leases.RegisterAsync(path + "role", "bench/", secret, secret.Ttl, secret.Ttl, null, CancellationToken.None);
        }
    }));
    return sw.Elapsed;
}

static async Task<TimeSpan> TimeUnsealAsync(StrongroomCore core, byte[] share, int runs)
{
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < runs; i++)
    {
        await core.SealAsync();
        var sw = Stopwatch.StartNew();
        await core.UnsealAsync((byte[])share.Clone());
        sw.Stop();
        best = sw.Elapsed < best ? sw.Elapsed : best;
    }

    return best;
}
