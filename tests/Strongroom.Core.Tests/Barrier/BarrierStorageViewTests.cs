using System.Security.Cryptography;
using Strongroom.Core.Barrier;
using Strongroom.Core.Crypto;
using Strongroom.Core.Storage;
using Strongroom.Sdk;

namespace Strongroom.Core.Tests.Barrier;

public sealed class BarrierStorageViewTests : IAsyncLifetime
{
    private readonly InMemoryPhysicalBackend physical = new();
    private readonly AesGcmBarrier barrier;

    public BarrierStorageViewTests() => barrier = new AesGcmBarrier(physical, TimeProvider.System);

    public async Task InitializeAsync()
    {
        var root = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(root);
        Assert.True(await barrier.UnsealAsync(root));
    }

    public Task DisposeAsync()
    {
        barrier.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PutAsync_InView_LandsUnderPrefixInBarrier()
    {
        var view = new BarrierStorageView(barrier, "mounts/kv1/");
        await view.PutAsync("config", [1]);

        Assert.Equal([1], await barrier.GetAsync("mounts/kv1/config"));
        Assert.Equal([1], await view.GetAsync("config"));
        Assert.NotNull(await physical.GetAsync("logical/mounts/kv1/config"));
    }

    [Fact]
    public async Task Scoped_Nested_ComposesPrefixes()
    {
        var view = new BarrierStorageView(barrier, "mounts/kv1/").Scoped("data/").Scoped("team/");
        await view.PutAsync("k", [2]);

        Assert.Equal([2], await barrier.GetAsync("mounts/kv1/data/team/k"));
        Assert.Equal("mounts/kv1/data/team/", ((BarrierStorageView)view).Prefix);
    }

    [Fact]
    public async Task ListAsync_InView_ReturnsChildrenRelativeToView()
    {
        var view = new BarrierStorageView(barrier, "m/");
        await view.PutAsync("a", [1]);
        await view.PutAsync("b/c", [1]);
        await barrier.PutAsync("outside", [1]);

        Assert.Equal(["a", "b/"], await view.ListAsync(""));
        Assert.Equal(["c"], await view.ListAsync("b/"));
    }

    [Fact]
    public async Task Views_WithDifferentPrefixes_AreIsolated()
    {
        var first = new BarrierStorageView(barrier, "mounts/one/");
        var second = new BarrierStorageView(barrier, "mounts/two/");
        await first.PutAsync("k", [1]);

        Assert.Null(await second.GetAsync("k"));
        Assert.Empty(await second.ListAsync(""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../two/k")]
    [InlineData("a/../../x")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("a\0")]
    [InlineData("a\u001fb")]
    [InlineData("a\\b")]
    public async Task AllOperations_InvalidKey_ThrowArgumentException(string key)
    {
        var view = new BarrierStorageView(barrier, "mounts/one/");

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await view.GetAsync(key));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await view.PutAsync(key, [1]));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await view.DeleteAsync(key));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("../")]
    [InlineData("/x/")]
    [InlineData("x//")]
    [InlineData("")]
    public void Scoped_InvalidPrefix_ThrowsArgumentException(string prefix)
    {
        var view = new BarrierStorageView(barrier, "m/");

        Assert.ThrowsAny<ArgumentException>(() => view.Scoped(prefix));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("../")]
    [InlineData("/")]
    public void Constructor_InvalidPrefix_ThrowsArgumentException(string prefix)
    {
        Assert.ThrowsAny<ArgumentException>(() => new BarrierStorageView(barrier, prefix));
    }

    [Fact]
    public async Task ListAsync_PrefixWithoutSlash_ThrowsArgumentException()
    {
        var view = new BarrierStorageView(barrier, "m/");

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await view.ListAsync("b"));
    }

    [Fact]
    public async Task GetAsync_WhileSealed_ThrowsBarrierSealed()
    {
        var view = new BarrierStorageView(barrier, "m/");
        barrier.Seal();

        await Assert.ThrowsAsync<BarrierSealedException>(async () => await view.GetAsync("k"));
    }

    [Fact]
    public async Task CommitAsync_InView_EncryptsEachEntryUnderItsOwnPathInOneBatch()
    {
        var view = new BarrierStorageView(barrier, "mounts/kv1/");
        await view.PutAsync("gone", [9]);
        await view.CommitAsync([StorageWrite.Put("a", [1]), StorageWrite.Put("b", [2]), StorageWrite.Delete("gone")]);

        Assert.Equal([1], await view.GetAsync("a"));
        Assert.Equal([2], await view.GetAsync("b"));
        Assert.Null(await view.GetAsync("gone"));

        // Each envelope is bound to its own path: moved to another key, it no longer decrypts.
        await physical.PutAsync("logical/mounts/kv1/b", (await physical.GetAsync("logical/mounts/kv1/a"))!);
        await Assert.ThrowsAsync<BarrierDecryptionException>(async () => await view.GetAsync("b"));
    }

    [Fact]
    public async Task CommitAsync_PhysicalCommitFails_NothingLandsAndErrorSurfaces()
    {
        var failing = new FailingCommitPhysicalBackend();
        using var failingBarrier = new AesGcmBarrier(failing, TimeProvider.System);
        var root = RandomNumberGenerator.GetBytes(32);
        await failingBarrier.InitializeAsync(root);
        Assert.True(await failingBarrier.UnsealAsync(root));
        var view = new BarrierStorageView(failingBarrier, "mounts/kv1/");

        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await view.CommitAsync([StorageWrite.Put("versions/1", [1]), StorageWrite.Put("metadata/k", [2])]));

        var attempt = Assert.Single(failing.Attempts);
        Assert.Equal(["logical/mounts/kv1/versions/1", "logical/mounts/kv1/metadata/k"], attempt.Select(w => w.Key));
        Assert.Null(await view.GetAsync("versions/1"));
        Assert.Null(await view.GetAsync("metadata/k"));
    }

    [Fact]
    public async Task CommitAsync_Sealed_ThrowsBarrierSealed()
    {
        var view = new BarrierStorageView(barrier, "mounts/kv1/");
        barrier.Seal();

        await Assert.ThrowsAsync<BarrierSealedException>(async () => await view.CommitAsync([StorageWrite.Put("a", [1])]));
    }

    [Fact]
    public async Task CommitAsync_EscapingKeyInBatch_ThrowsAndWritesNothing()
    {
        var view = new BarrierStorageView(barrier, "mounts/kv1/");

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await view.CommitAsync([StorageWrite.Put("ok", [1]), StorageWrite.Put("../other", [2])]));

        Assert.Null(await view.GetAsync("ok"));
    }
}
