using System.Security.Cryptography;
using System.Text;
using Strongroom.Core.Barrier;
using Strongroom.Core.Crypto;
using Strongroom.Core.Storage;

namespace Strongroom.Core.Tests.Barrier;

public sealed class AesGcmBarrierTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly InMemoryPhysicalBackend physical = new();
    private readonly ManualClock clock = new(Start);
    private readonly byte[] rootKey = RandomNumberGenerator.GetBytes(32);
    private readonly AesGcmBarrier barrier;

    public AesGcmBarrierTests() => barrier = new AesGcmBarrier(physical, clock);

    public void Dispose() => barrier.Dispose();

    private static byte[] FakeSecret() => Encoding.UTF8.GetBytes("fake-sk-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    private async Task UnsealedAsync()
    {
        await barrier.InitializeAsync(rootKey);
        Assert.True(await barrier.UnsealAsync(rootKey));
    }

    [Fact]
    public async Task NewBarrier_OnEmptyStorage_IsSealedAndNotInitialized()
    {
        Assert.True(barrier.IsSealed);
        Assert.False(await barrier.IsInitializedAsync());
    }

    [Fact]
    public async Task InitializeAsync_EmptyStorage_WritesEncryptedKeyringAndStaysSealed()
    {
        await barrier.InitializeAsync(rootKey);

        Assert.True(await barrier.IsInitializedAsync());
        Assert.True(barrier.IsSealed);
        var stored = await physical.GetAsync("core/keyring");
        Assert.NotNull(stored);
        Assert.Equal(Keyring.RootKeyTerm, AeadEnvelope.ReadTerm(stored));
    }

    [Fact]
    public async Task InitializeAsync_AlreadyInitialized_ThrowsAndKeepsKeyring()
    {
        await barrier.InitializeAsync(rootKey);
        var before = await physical.GetAsync("core/keyring");

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await barrier.InitializeAsync(RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(before, await physical.GetAsync("core/keyring"));
    }

    [Fact]
    public async Task InitializeAsync_RootKeyNot32Bytes_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await barrier.InitializeAsync(new byte[16]));
    }

    [Fact]
    public async Task UnsealAsync_WrongKey_ReturnsFalseAndStaysSealed()
    {
        await barrier.InitializeAsync(rootKey);

        Assert.False(await barrier.UnsealAsync(RandomNumberGenerator.GetBytes(32)));
        Assert.False(await barrier.UnsealAsync(new byte[5]));
        Assert.True(barrier.IsSealed);
    }

    [Fact]
    public async Task UnsealAsync_RightKey_ReturnsTrueAndUnseals()
    {
        await barrier.InitializeAsync(rootKey);

        Assert.True(await barrier.UnsealAsync(rootKey));
        Assert.False(barrier.IsSealed);
        Assert.Equal(1u, barrier.GetKeyStatus().Term);
    }

    [Fact]
    public async Task UnsealAsync_AlreadyUnsealed_ChecksKeyAndStaysUnsealed()
    {
        await UnsealedAsync();

        Assert.True(await barrier.UnsealAsync(rootKey));
        Assert.False(await barrier.UnsealAsync(RandomNumberGenerator.GetBytes(32)));
        Assert.False(barrier.IsSealed);
    }

    [Fact]
    public async Task UnsealAsync_NotInitialized_ThrowsInvalidOperation()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await barrier.UnsealAsync(rootKey));
    }

    [Fact]
    public async Task DataOperations_WhileSealed_ThrowBarrierSealed()
    {
        await UnsealedAsync();
        await barrier.PutAsync("k", [1]);
        barrier.Seal();

        Assert.True(barrier.IsSealed);
        await Assert.ThrowsAsync<BarrierSealedException>(async () => await barrier.GetAsync("k"));
        await Assert.ThrowsAsync<BarrierSealedException>(async () => await barrier.PutAsync("k", [1]));
        await Assert.ThrowsAsync<BarrierSealedException>(async () => await barrier.DeleteAsync("k"));
        await Assert.ThrowsAsync<BarrierSealedException>(async () => await barrier.ListAsync(""));
        await Assert.ThrowsAsync<BarrierSealedException>(async () => await barrier.RotateAsync());
        await Assert.ThrowsAsync<BarrierSealedException>(async () => await barrier.ChangeRootKeyAsync(RandomNumberGenerator.GetBytes(32)));
        Assert.Throws<BarrierSealedException>(() => barrier.GetKeyStatus());
        Assert.NotNull(await physical.GetAsync("logical/k"));
    }

    [Fact]
    public async Task SealThenUnseal_ExistingEntries_StillReadable()
    {
        await UnsealedAsync();
        var secret = FakeSecret();
        await barrier.PutAsync("secret/ai/openai", secret);
        barrier.Seal();

        Assert.True(await barrier.UnsealAsync(rootKey));
        Assert.Equal(secret, await barrier.GetAsync("secret/ai/openai"));
    }

    [Fact]
    public async Task PutAsync_Always_StoresEnvelopeUnderLogicalPathWithoutPlaintext()
    {
        await UnsealedAsync();
        var secret = FakeSecret();

        await barrier.PutAsync("secret/ai/openai", secret);

        var stored = await physical.GetAsync("logical/secret/ai/openai");
        Assert.NotNull(stored);
        Assert.Equal(1u, AeadEnvelope.ReadTerm(stored));
        Assert.Equal(secret.Length + AeadEnvelope.Overhead, stored.Length);
        Assert.Equal(-1, stored.AsSpan().IndexOf(secret));
        Assert.Equal(secret, await barrier.GetAsync("secret/ai/openai"));
    }

    [Fact]
    public async Task GetAsync_CiphertextCopiedToAnotherKey_ThrowsBarrierDecryptionException()
    {
        await UnsealedAsync();
        await barrier.PutAsync("mounts/a/secret", FakeSecret());

        await physical.PutAsync("logical/mounts/b/secret", (await physical.GetAsync("logical/mounts/a/secret"))!);

        await Assert.ThrowsAsync<BarrierDecryptionException>(async () => await barrier.GetAsync("mounts/b/secret"));
    }

    [Fact]
    public async Task GetAsync_TamperedCiphertext_ThrowsBarrierDecryptionException()
    {
        await UnsealedAsync();
        await barrier.PutAsync("k", FakeSecret());
        var stored = (await physical.GetAsync("logical/k"))!;
        stored[^3] ^= 0x10;
        await physical.PutAsync("logical/k", stored);

        await Assert.ThrowsAsync<BarrierDecryptionException>(async () => await barrier.GetAsync("k"));
    }

    [Fact]
    public async Task GetAsync_UnknownTerm_ThrowsBarrierDecryptionException()
    {
        await UnsealedAsync();
        await physical.PutAsync("logical/k", AeadEnvelope.Encrypt(9, RandomNumberGenerator.GetBytes(32), [1], "logical/k"u8));

        await Assert.ThrowsAsync<BarrierDecryptionException>(async () => await barrier.GetAsync("k"));
    }

    [Fact]
    public async Task DeleteAndList_Unsealed_ActOnLogicalKeysOnly()
    {
        await UnsealedAsync();
        await barrier.PutBootstrapAsync("seal-config", [1]);
        await barrier.PutAsync("a/x", [1]);
        await barrier.PutAsync("b", [1]);
        await barrier.DeleteAsync("b");

        Assert.Equal(["a/"], await barrier.ListAsync(""));
        Assert.Equal(["x"], await barrier.ListAsync("a/"));
        Assert.Null(await barrier.GetAsync("b"));
    }

    [Fact]
    public async Task RotateAsync_Unsealed_NewTermForNewWritesOldEntriesReadable()
    {
        await UnsealedAsync();
        var old = FakeSecret();
        await barrier.PutAsync("old", old);
        clock.Advance(TimeSpan.FromDays(30));

        var status = await barrier.RotateAsync();
        await barrier.PutAsync("new", [7]);

        Assert.Equal(2u, status.Term);
        Assert.Equal(Start.AddDays(30), status.InstallTime);
        Assert.Equal(2u, AeadEnvelope.ReadTerm((await physical.GetAsync("logical/new"))!));
        Assert.Equal(1u, AeadEnvelope.ReadTerm((await physical.GetAsync("logical/old"))!));
        Assert.Equal(old, await barrier.GetAsync("old"));
    }

    [Fact]
    public async Task RotateAsync_ThenFreshBarrierUnseals_RotationWasPersisted()
    {
        await UnsealedAsync();
        await barrier.PutAsync("old", [1]);
        await barrier.RotateAsync();
        await barrier.PutAsync("new", [2]);

        using var restarted = new AesGcmBarrier(physical, clock);
        Assert.True(await restarted.UnsealAsync(rootKey));

        Assert.Equal(2u, restarted.GetKeyStatus().Term);
        Assert.Equal([1], await restarted.GetAsync("old"));
        Assert.Equal([2], await restarted.GetAsync("new"));
    }

    [Fact]
    public async Task GetKeyStatus_AfterWrites_CountsEncryptionsAndResetsOnRotate()
    {
        await UnsealedAsync();
        await barrier.PutAsync("a", [1]);
        await barrier.PutAsync("b", [1]);
        await barrier.PutAsync("a", [2]);

        Assert.Equal(new KeyStatus(1, Start, 3), barrier.GetKeyStatus());

        clock.Advance(TimeSpan.FromHours(1));
        await barrier.RotateAsync();
        await barrier.PutAsync("c", [1]);

        Assert.Equal(new KeyStatus(2, Start.AddHours(1), 1), barrier.GetKeyStatus());
    }

    [Fact]
    public async Task BootstrapRecords_WhileSealed_ReadableAndWritableInPlaintext()
    {
        await barrier.InitializeAsync(rootKey);
        var config = Encoding.UTF8.GetBytes("{\"secret_shares\":5,\"secret_threshold\":3}");

        await barrier.PutBootstrapAsync("seal-config", config);

        Assert.True(barrier.IsSealed);
        Assert.Equal(config, await barrier.GetBootstrapAsync("seal-config"));
        Assert.Equal(config, await physical.GetAsync("core/bootstrap/seal-config"));
        Assert.Null(await barrier.GetBootstrapAsync("missing"));
    }

    [Fact]
    public async Task LogicalKeys_NamedLikeCoreRecords_CannotReachCoreNamespace()
    {
        await UnsealedAsync();
        await barrier.PutBootstrapAsync("seal-config", [42]);

        await barrier.PutAsync("core/keyring", [1]);
        await barrier.PutAsync("core/bootstrap/seal-config", [2]);
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await barrier.PutAsync("../core/keyring", [3]));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await barrier.GetBootstrapAsync("../keyring"));

        Assert.Equal([42], await barrier.GetBootstrapAsync("seal-config"));
        barrier.Seal();
        Assert.True(await barrier.UnsealAsync(rootKey));
        Assert.Equal([1], await barrier.GetAsync("core/keyring"));
    }

    [Fact]
    public async Task ChangeRootKeyAsync_Unsealed_OnlyNewRootKeyUnseals()
    {
        await UnsealedAsync();
        await barrier.PutAsync("k", [5]);
        var newRoot = RandomNumberGenerator.GetBytes(32);

        await barrier.ChangeRootKeyAsync(newRoot);
        barrier.Seal();

        Assert.False(await barrier.UnsealAsync(rootKey));
        Assert.True(await barrier.UnsealAsync(newRoot));
        Assert.Equal([5], await barrier.GetAsync("k"));
    }

    [Fact]
    public async Task GetAsync_EntryWrittenAfterRotationByAnotherNode_ReloadsKeyring()
    {
        await UnsealedAsync();
        using var otherNode = new AesGcmBarrier(physical, clock);
        Assert.True(await otherNode.UnsealAsync(rootKey));

        await otherNode.RotateAsync();
        await otherNode.PutAsync("from-active", [9]);

        Assert.Equal([9], await barrier.GetAsync("from-active"));
        Assert.Equal(2u, barrier.GetKeyStatus().Term);
    }

    [Fact]
    public async Task ConcurrentReadsAndWrites_DuringRotations_AllEntriesReadable()
    {
        await UnsealedAsync();
        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var key = $"w{w}/k{i}";
                await barrier.PutAsync(key, [(byte)w, (byte)i]);
                Assert.Equal([(byte)w, (byte)i], (await barrier.GetAsync(key))!);
            }
        })).ToList();
        var rotations = Task.Run(async () =>
        {
            for (var r = 0; r < 5; r++)
            {
                await barrier.RotateAsync();
            }
        });

        await Task.WhenAll([.. workers, rotations]);

        Assert.Equal(6u, barrier.GetKeyStatus().Term);
        for (var w = 0; w < 6; w++)
        {
            Assert.Equal(40, (await barrier.ListAsync($"w{w}/")).Count);
            Assert.Equal([(byte)w, 39], await barrier.GetAsync($"w{w}/k39"));
        }
    }

    [Fact]
    public async Task Seal_RacingWithReadersAndWriters_OnlyBarrierSealedExceptionsEscape()
    {
        await UnsealedAsync();
        await barrier.PutAsync("hot", [1]);
        using var started = new CountdownEvent(4);
        var unexpected = new List<Exception>();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            started.Signal();
            for (var i = 0; i < 2000; i++)
            {
                try
                {
                    if (i % 2 == 0)
                    {
                        await barrier.PutAsync($"w{w}", [(byte)i]);
                    }
                    else
                    {
                        await barrier.GetAsync("hot");
                    }
                }
                catch (BarrierSealedException)
                {
                    return;
                }
                catch (Exception ex)
                {
                    lock (unexpected)
                    {
                        unexpected.Add(ex);
                    }

                    return;
                }
            }
        })).ToList();

        started.Wait();
        barrier.Seal();
        await Task.WhenAll(workers);

        Assert.Empty(unexpected);
        Assert.True(await barrier.UnsealAsync(rootKey));
        for (var w = 0; w < 4; w++)
        {
            var value = await barrier.GetAsync($"w{w}");
            Assert.True(value is null || value.Length == 1);
        }
    }

    [Fact]
    public async Task Barrier_OverSqliteReopened_UnsealsAndReadsEntries()
    {
        var directory = Path.Combine(Path.GetTempPath(), "strongroom-barrier-" + Guid.NewGuid().ToString("N"));
        var options = new SqlitePhysicalBackendOptions(Path.Combine(directory, "vault.db"));
        try
        {
            var secret = FakeSecret();
            await using (var sqlite = await SqlitePhysicalBackend.OpenAsync(options))
            {
                using var first = new AesGcmBarrier(sqlite, clock);
                await first.InitializeAsync(rootKey);
                Assert.True(await first.UnsealAsync(rootKey));
                await first.PutAsync("secret/db", secret);
                await first.PutBootstrapAsync("seal-config", [3]);
            }

            await using var reopened = await SqlitePhysicalBackend.OpenAsync(options);
            using var second = new AesGcmBarrier(reopened, clock);
            Assert.Equal([3], await second.GetBootstrapAsync("seal-config"));
            Assert.True(await second.UnsealAsync(rootKey));
            Assert.Equal(secret, await second.GetAsync("secret/db"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
