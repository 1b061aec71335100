using System.Net;
using System.Text;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Transit;

/// <summary>
/// Transit keys on a real SQLite server process: the key material is only in the file encrypted
/// by the barrier, and after a restart and unseal the old ciphertext still decrypts.
/// </summary>
public sealed class TransitPersistenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strongroom-transit-" + Guid.NewGuid().ToString("N"));

    public TransitPersistenceTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task KeyMaterial_IsBehindTheBarrier_AndSurvivesRestart()
    {
        var port = ServerProcess.FreePort();
        var config = Path.Combine(_dir, "strongroom.hcl");
        await File.WriteAllTextAsync(config, $$"""
            storage "sqlite" {
              path = "{{Path.Combine(_dir, "data.db")}}"
            }

            listener "tcp" {
              address     = "127.0.0.1:{{port}}"
              tls_disable = true
            }
            """);
        var plaintext = Convert.ToBase64String(Encoding.UTF8.GetBytes("fake-persisted-" + Guid.NewGuid().ToString("N")));
        string unsealKey, rootToken, ciphertext;
        byte[] rawKey;

        await using (var server = await ServerProcess.StartAsync(port, "server", "-config", config))
        {
            using var http = new VaultHttp(server.Address, null);
            var init = (await http.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1 })).Expect(HttpStatusCode.OK);
            unsealKey = (string)init.Json!["keys"]![0]!;
            rootToken = (string)init.Json!["root_token"]!;
            http.Token = rootToken;
            (await http.PutAsync("sys/unseal", new { key = unsealKey })).Expect(HttpStatusCode.OK);
            (await http.PostAsync("sys/mounts/transit", new { type = "transit" })).Expect(HttpStatusCode.NoContent);
            (await http.PostAsync("transit/keys/durable", new { exportable = true })).Expect(HttpStatusCode.OK);
            ciphertext = (string)(await http.PostAsync("transit/encrypt/durable", new { plaintext })).Expect(HttpStatusCode.OK).Data!["ciphertext"]!;
            var exported = (await http.GetAsync("transit/export/encryption-key/durable/1")).Expect(HttpStatusCode.OK);
            rawKey = Convert.FromBase64String((string)exported.Data!["keys"]!["1"]!);
        }

        foreach (var file in Directory.GetFiles(_dir, "data.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(rawKey) < 0, $"raw key bytes found in {Path.GetFileName(file)}");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Convert.ToBase64String(rawKey))) < 0, $"base64 key found in {Path.GetFileName(file)}");
            Assert.True(bytes.AsSpan().IndexOf("\"versions\""u8) < 0, $"a plaintext key record found in {Path.GetFileName(file)}");
        }

        await using (var restarted = await ServerProcess.StartAsync(port, "server", "-config", config))
        {
            using var http = new VaultHttp(restarted.Address, rootToken);
            (await http.PutAsync("sys/unseal", new { key = unsealKey })).Expect(HttpStatusCode.OK);
            var decrypted = (await http.PostAsync("transit/decrypt/durable", new { ciphertext })).Expect(HttpStatusCode.OK);
            Assert.Equal(plaintext, (string)decrypted.Data!["plaintext"]!);
        }
    }
}
