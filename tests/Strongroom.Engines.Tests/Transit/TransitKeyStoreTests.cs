using Strongroom.Engines.Transit;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Transit;

public sealed class TransitKeyStoreTests
{
    [Fact]
    public void NewBackendOnSameStorage_DecryptsOldCiphertext()
    {
        var first = new TransitHarness();
        first.Write("keys/app");
        var ciphertext = first.Encrypt("app", "fake-cold-cache");

        var second = new TransitBackend(new MountContext { Storage = first.Storage, Clock = first.Clock });
        var response = second.HandleAsync(Requests.Write("decrypt/app", $$"""{"ciphertext": "{{ciphertext}}"}"""), CancellationToken.None).AsTask().GetAwaiter().GetResult();

        Assert.Equal(TransitHarness.B64("fake-cold-cache"), (string)response.Data!["plaintext"]!);
    }

    [Fact]
    public async Task ConcurrentEncryptsAndRotations_EveryCiphertextDecrypts()
    {
        var t = new TransitHarness(yieldOnStorageAccess: true);
        t.Write("keys/app");

        var encrypts = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            Enumerable.Range(0, 25).Select(j => (Plain: $"fake-{i}-{j}", Cipher: t.Encrypt("app", $"fake-{i}-{j}"))).ToList())).ToArray();
        var rotations = Enumerable.Range(0, 5).Select(_ => Task.Run(() => t.Write("keys/app/rotate"))).ToArray();
        await Task.WhenAll(rotations);
        var results = (await Task.WhenAll(encrypts)).SelectMany(r => r).ToList();

        Assert.Equal(6, (int)t.Read("keys/app").Data!["latest_version"]!);
        Assert.All(results, r => Assert.Equal(r.Plain, t.Decrypt("app", r.Cipher)));
    }
}
