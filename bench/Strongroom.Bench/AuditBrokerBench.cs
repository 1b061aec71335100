using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Audit;

/// <summary>
/// `audit-broker <dir> <seconds> [callers]`: the audit cost of one KV v2 read (a request and a response
/// event, as the pipeline logs them) through AuditBroker, with no device, a discarding device and a file
/// device, each with <c>callers</c> concurrent requests. Prints requests/s and process CPU time per request,
/// which is less sensitive to other load on the machine than wall-clock throughput.
/// </summary>
internal static class AuditBrokerBench
{
    public static async Task RunAsync(string dir, double seconds, int callers)
    {
        Directory.CreateDirectory(dir);
        Console.WriteLine("| Devices | requests/s | CPU µs per request (request + response line) |");
        Console.WriteLine("|---|---|---|");
        foreach (var mode in new[] { "none", "discard", "file", "none", "discard", "file" })
        {
            await using var broker = new AuditBroker();
            var salt = RandomNumberGenerator.GetBytes(32);
            var options = new AuditDeviceOptions { Type = "file", FilePath = Path.Combine(dir, "audit-bench.log") };
            if (mode == "file")
            {
                File.Delete(options.FilePath);
                broker.Enable("file", options, salt, salt);
            }
            else if (mode == "discard")
            {
                broker.Enable("discard", options, new DiscardDevice(), salt, salt);
            }

            var (rate, cpu) = await MeasureAsync(broker, TimeSpan.FromSeconds(seconds), callers);
            Console.WriteLine($"| {mode} | {rate:0} | {cpu:0.0} |");
        }
    }

    private static async Task<(double Rate, double CpuMicros)> MeasureAsync(AuditBroker broker, TimeSpan duration, int callers)
    {
        long count = 0;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var request = Event(AuditEvent.RequestType);
                if (!await broker.LogAsync(request, CancellationToken.None))
                {
                    throw new InvalidOperationException("audit refused");
                }

                await broker.LogAsync(Event(AuditEvent.ResponseType), CancellationToken.None);
                Interlocked.Increment(ref count);
            }
        }));
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000;
        return (count / elapsed, cpu / count);
    }

    private static AuditEvent Event(string type) => new()
    {
        Type = type,
        Time = DateTimeOffset.UtcNow,
        Auth = new AuditAuth
        {
            ClientToken = "bench-token-0123456789abcdef",
            Accessor = "accessor-0123456789abcdef",
            DisplayName = "root",
            Policies = ["root"],
            TokenPolicies = ["root"],
            RemoteAddress = "127.0.0.1",
        },
        Request = new AuditRequest
        {
            Id = Guid.NewGuid().ToString(),
            Operation = "read",
            MountType = "kv",
            MountPoint = "secret/",
            MountAccessor = "kv_0123abcd",
            Path = "secret/data/bench/read",
            RemoteAddress = "127.0.0.1",
        },
        Response = type == AuditEvent.RequestType ? null : new AuditResponse
        {
            MountType = "kv",
            Data = new JsonObject
            {
                ["data"] = new JsonObject { ["api_key"] = "bench-value-0123456789abcdef-not-a-real-key" },
                ["metadata"] = new JsonObject
                {
                    ["created_time"] = "2026-12-03T04:00:00.000000Z",
                    ["custom_metadata"] = null,
                    ["deletion_time"] = "",
                    ["destroyed"] = false,
                    ["version"] = 1,
                },
            },
        },
    };

    private sealed class DiscardDevice : IAuditDevice
    {
        public string Type => "discard";

        public ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Reopen()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
