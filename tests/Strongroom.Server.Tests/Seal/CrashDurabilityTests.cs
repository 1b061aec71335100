using System.Collections.Concurrent;
using System.Net;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Seal;

/// <summary>
/// kill -9 in the middle of a write burst on SQLite: every acknowledged write survives the
/// restart, and every stored entry still decrypts (nothing corrupted).
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strongroom-crash-" + Guid.NewGuid().ToString("N"));

    public CrashDurabilityTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(int port)
    {
        var path = Path.Combine(_dir, "strongroom.hcl");
        File.WriteAllText(path, $$"""
            # test server
            storage "sqlite" {
              path = "{{Path.Combine(_dir, "data.db")}}"
            }

            listener "tcp" {
              address     = "127.0.0.1:{{port}}"
              tls_disable = true
            }
            """);
        return path;
    }

    [Fact]
    public async Task KillDuringWriteBurst_LosesNoAcknowledgedWrite()
    {
        var port = ServerProcess.FreePort();
        var config = WriteConfig(port);
        var acknowledged = new ConcurrentDictionary<string, string>();
        string unsealKey;
        string rootToken;

        await using (var server = await ServerProcess.StartAsync(port, "server", "-config", config))
        {
            using var http = new VaultHttp(server.Address, null);
            var init = (await http.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1 })).Expect(HttpStatusCode.OK);
            unsealKey = (string)init.Json!["keys"]![0]!;
            rootToken = (string)init.Json!["root_token"]!;
            http.Token = rootToken;
            (await http.PutAsync("sys/unseal", new { key = unsealKey })).Expect(HttpStatusCode.OK);
            (await http.PostAsync("sys/mounts/secret", new { type = "kv-v2" })).Expect(HttpStatusCode.NoContent);

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                using var client = new VaultHttp(server.Address, rootToken);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var key = $"burst/w{w}/k{i}";
                    var value = Guid.NewGuid().ToString("N");
                    try
                    {
                        var reply = await client.PostAsync($"secret/data/{key}", new { data = new { value } });
                        if (reply.Status == HttpStatusCode.OK)
                        {
                            acknowledged[key] = value;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server died mid-request: that write was never acknowledged
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToArray();

            while (acknowledged.Count < 200)
            {
                await Task.Delay(10);
                Assert.False(writers.All(t => t.IsCompleted), "writers stopped early: " + server.Output);
            }

            await server.KillHardAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using (var restarted = await ServerProcess.StartAsync(port, "server", "-config", config))
        {
            using var http = new VaultHttp(restarted.Address, rootToken);
            Assert.True((bool)(await http.GetAsync("sys/seal-status")).Json!["sealed"]!);
            (await http.PutAsync("sys/unseal", new { key = unsealKey })).Expect(HttpStatusCode.OK);
            foreach (var (key, value) in acknowledged)
            {
                var read = (await http.GetAsync($"secret/data/{key}")).Expect(HttpStatusCode.OK);
                Assert.Equal(value, (string)read.Data!["data"]!["value"]!);
            }

            // Every stored entry still decrypts: list and read everything under the burst.
            for (var w = 0; w < 4; w++)
            {
                var list = await http.ListAsync($"secret/metadata/burst/w{w}");
                if (list.Status == HttpStatusCode.NotFound)
                {
                    continue;
                }

                list.Expect(HttpStatusCode.OK);
                foreach (var k in list.Data!["keys"]!.AsArray().Select(k => (string)k!))
                {
                    var reply = await http.GetAsync($"secret/data/burst/w{w}/{k}");
                    Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"entry {k} unreadable: {reply.Raw}");
                }
            }
        }
    }
}
