using System.Net;
using Strongroom.Server.Configuration;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Seal;

/// <summary>
/// init → unseal (progress, reset, wrong keys) → use → seal → restart on the same SQLite file:
/// sealed after restart, nothing readable until unsealed, data intact, rotation keeps old data.
/// </summary>
public sealed class SealLifecycleTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strongroom-seal-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private ServerConfig Config()
    {
        var storage = new StorageConfig { Type = "sqlite" };
        storage.Options["path"] = Path.Combine(_dir, "data.db");
        return new ServerConfig { Storage = storage, Listener = new ListenerConfig { Address = "127.0.0.1:0", TlsDisable = true } };
    }

    [Fact]
    public async Task InitUnsealSealRestart_KeepsDataBehindTheSeal()
    {
        string rootToken;
        string[] keys;
        await using (var server = await StrongroomServer.StartAsync(Config(), dev: false, null))
        {
            using var http = new VaultHttp(server.Address, null);
            var status = (await http.GetAsync("sys/seal-status")).Expect(HttpStatusCode.OK);
            Assert.False((bool)status.Json!["initialized"]!);
            (await http.GetAsync("sys/health")).Expect(HttpStatusCode.NotImplemented);

            var init = (await http.PutAsync("sys/init", new { secret_shares = 5, secret_threshold = 3 })).Expect(HttpStatusCode.OK);
            keys = init.Json!["keys"]!.AsArray().Select(k => (string)k!).ToArray();
            rootToken = (string)init.Json!["root_token"]!;
            Assert.Equal(5, keys.Distinct().Count());
            Assert.Equal(5, init.Json!["keys_base64"]!.AsArray().Count);
            (await http.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1 })).Expect(HttpStatusCode.BadRequest);

            http.Token = rootToken;
            (await http.GetAsync("secret/data/x")).Expect(HttpStatusCode.ServiceUnavailable);
            (await http.GetAsync("sys/health")).Expect(HttpStatusCode.ServiceUnavailable);

            var p1 = (await http.PutAsync("sys/unseal", new { key = keys[0] })).Expect(HttpStatusCode.OK);
            Assert.Equal(1, (int)p1.Json!["progress"]!);
            Assert.True((bool)p1.Json!["sealed"]!);
            var reset = (await http.PutAsync("sys/unseal", new { reset = true })).Expect(HttpStatusCode.OK);
            Assert.Equal(0, (int)reset.Json!["progress"]!);

            (await http.PutAsync("sys/unseal", new { key = keys[4] })).Expect(HttpStatusCode.OK);
            (await http.PutAsync("sys/unseal", new { key = keys[2] })).Expect(HttpStatusCode.OK);
            var done = (await http.PutAsync("sys/unseal", new { key = keys[1] })).Expect(HttpStatusCode.OK);
            Assert.False((bool)done.Json!["sealed"]!);

            (await http.PostAsync("sys/mounts/secret", new { type = "kv-v2" })).Expect(HttpStatusCode.NoContent);
            (await http.PostAsync("secret/data/ai/openai", new { data = new { api_key = "fake-before-rotate" } })).Expect(HttpStatusCode.OK);

            (await http.PostAsync("sys/rotate")).Expect(HttpStatusCode.NoContent);
            var keyStatus = (await http.GetAsync("sys/key-status")).Expect(HttpStatusCode.OK);
            Assert.Equal(2, (int)keyStatus.Data!["term"]!);
            Assert.Equal("fake-before-rotate", (string)(await http.GetAsync("secret/data/ai/openai")).Expect(HttpStatusCode.OK).Data!["data"]!["api_key"]!);
            (await http.PostAsync("secret/data/ai/anthropic", new { data = new { api_key = "fake-after-rotate" } })).Expect(HttpStatusCode.OK);

            (await http.PutAsync("sys/seal")).Expect(HttpStatusCode.NoContent);
            (await http.GetAsync("secret/data/ai/openai")).Expect(HttpStatusCode.ServiceUnavailable);
            (await http.GetAsync("sys/mounts")).Expect(HttpStatusCode.ServiceUnavailable);
        }

        await using (var restarted = await StrongroomServer.StartAsync(Config(), dev: false, null))
        {
            using var http = new VaultHttp(restarted.Address, rootToken);
            var status = (await http.GetAsync("sys/seal-status")).Expect(HttpStatusCode.OK);
            Assert.True((bool)status.Json!["initialized"]!);
            Assert.True((bool)status.Json!["sealed"]!);
            Assert.Equal(3, (int)status.Json!["t"]!);
            Assert.Equal(5, (int)status.Json!["n"]!);
            (await http.GetAsync("secret/data/ai/openai")).Expect(HttpStatusCode.ServiceUnavailable);

            // Three shares that do not belong together combine to a wrong key: refused, progress reset.
            (await http.PutAsync("sys/unseal", new { key = keys[0] })).Expect(HttpStatusCode.OK);
            (await http.PutAsync("sys/unseal", new { key = keys[1] })).Expect(HttpStatusCode.OK);
            var bogus = Convert.ToHexStringLower(Convert.FromHexString(keys[2]).Select((b, i) => i == 0 ? (byte)(b ^ 0xFF) : b).ToArray());
            (await http.PutAsync("sys/unseal", new { key = bogus })).Expect(HttpStatusCode.BadRequest);
            Assert.True((bool)(await http.GetAsync("sys/seal-status")).Json!["sealed"]!);

            foreach (var key in keys[2..])
            {
                (await http.PutAsync("sys/unseal", new { key })).Expect(HttpStatusCode.OK);
            }

            Assert.False((bool)(await http.GetAsync("sys/seal-status")).Json!["sealed"]!);
            Assert.Equal("fake-before-rotate", (string)(await http.GetAsync("secret/data/ai/openai")).Expect(HttpStatusCode.OK).Data!["data"]!["api_key"]!);
            Assert.Equal("fake-after-rotate", (string)(await http.GetAsync("secret/data/ai/anthropic")).Expect(HttpStatusCode.OK).Data!["data"]!["api_key"]!);
        }
    }

    [Fact]
    public async Task StoredFile_HoldsNoPlaintextSecretOrRootKey()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        string[] keys;
        await using (var server = await StrongroomServer.StartAsync(Config(), dev: false, null))
        {
            using var http = new VaultHttp(server.Address, null);
            var init = (await http.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1 })).Expect(HttpStatusCode.OK);
            keys = init.Json!["keys"]!.AsArray().Select(k => (string)k!).ToArray();
            http.Token = (string)init.Json!["root_token"]!;
            (await http.PutAsync("sys/unseal", new { key = keys[0] })).Expect(HttpStatusCode.OK);
            (await http.PostAsync("sys/mounts/secret", new { type = "kv-v2" })).Expect(HttpStatusCode.NoContent);
            (await http.PostAsync("secret/data/needle", new { data = new { value = marker } })).Expect(HttpStatusCode.OK);
        }

        var bytes = new List<byte>();
        foreach (var file in Directory.GetFiles(_dir))
        {
            bytes.AddRange(await File.ReadAllBytesAsync(file));
        }

        var all = bytes.ToArray();
        Assert.Equal(-1, all.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(marker)));
        Assert.Equal(-1, all.AsSpan().IndexOf(Convert.FromHexString(keys[0])));
    }
}
