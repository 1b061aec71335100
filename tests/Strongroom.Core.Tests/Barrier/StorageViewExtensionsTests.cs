using System.Security.Cryptography;
using Strongroom.Core.Barrier;
using Strongroom.Core.Storage;

namespace Strongroom.Core.Tests.Barrier;

public sealed class StorageViewExtensionsTests : IAsyncLifetime
{
    private readonly AesGcmBarrier barrier = new(new InMemoryPhysicalBackend(), TimeProvider.System);

    public async Task InitializeAsync()
    {
        var root = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(root);
        Assert.True(await barrier.UnsealAsync(root));
        foreach (var key in new[] { "a/1", "a/b/2", "a/b/c/3", "ab", "a0", "a-x/4", "z" })
        {
            await barrier.PutAsync("mount/" + key, [1]);
        }
    }

    public Task DisposeAsync()
    {
        barrier.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DeletePrefixAsync_NestedTree_DeletesOnlyUnderPrefix()
    {
        var view = new BarrierStorageView(barrier, "mount/");

        var deleted = await view.DeletePrefixAsync("a/");

        Assert.Equal(3, deleted);
        Assert.Equal(["a-x/", "a0", "ab", "z"], await view.ListAsync(""));
        Assert.Empty(await view.ListAsync("a/"));
    }

    [Fact]
    public async Task DeletePrefixAsync_EmptyPrefixOnScopedView_DeletesOnlyThatView()
    {
        await barrier.PutAsync("other/keep", [1]);
        var view = new BarrierStorageView(barrier, "mount/");

        var deleted = await view.DeletePrefixAsync("");

        Assert.Equal(7, deleted);
        Assert.Empty(await barrier.ListAsync("mount/"));
        Assert.Equal([1], await barrier.GetAsync("other/keep"));
    }

    [Fact]
    public async Task DeletePrefixAsync_PrefixWithoutSlash_ThrowsArgumentException()
    {
        var view = new BarrierStorageView(barrier, "mount/");

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await view.DeletePrefixAsync("a"));
        Assert.Equal([1], await view.GetAsync("a/1"));
    }
}
