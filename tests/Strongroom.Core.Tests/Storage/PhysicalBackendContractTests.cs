using Strongroom.Core.Storage;

namespace Strongroom.Core.Tests.Storage;

/// <summary>The behaviour every <see cref="IPhysicalBackend"/> must have; one subclass per backend.</summary>
public abstract class PhysicalBackendContractTests : IAsyncLifetime
{
    private IPhysicalBackend? backend;

    protected IPhysicalBackend Backend => backend ?? throw new InvalidOperationException("not initialised");

    protected abstract Task<IPhysicalBackend> CreateBackendAsync();

    public virtual async Task InitializeAsync() => backend = await CreateBackendAsync();

    public virtual async Task DisposeAsync()
    {
        if (backend is not null)
        {
            await backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        Assert.Null(await Backend.GetAsync("missing"));
    }

    [Fact]
    public async Task PutAsync_ThenGet_ReturnsSameBytes()
    {
        byte[] value = [0, 1, 2, 255];
        await Backend.PutAsync("a/b", value);

        Assert.Equal(value, await Backend.GetAsync("a/b"));
    }

    [Fact]
    public async Task PutAsync_EmptyValue_RoundTripsAsEmptyNotNull()
    {
        await Backend.PutAsync("empty", []);

        var value = await Backend.GetAsync("empty");
        Assert.NotNull(value);
        Assert.Empty(value);
    }

    [Fact]
    public async Task PutAsync_ExistingKey_Overwrites()
    {
        await Backend.PutAsync("k", [1]);
        await Backend.PutAsync("k", [2, 3]);

        Assert.Equal([2, 3], await Backend.GetAsync("k"));
    }

    [Fact]
    public async Task GetAsync_ReturnedArrayMutated_StoredValueUnchanged()
    {
        var input = new byte[] { 9, 9 };
        await Backend.PutAsync("k", input);
        input[0] = 0;
        var first = await Backend.GetAsync("k");
        first![1] = 0;

        Assert.Equal([9, 9], await Backend.GetAsync("k"));
    }

    [Fact]
    public async Task DeleteAsync_ExistingKey_RemovesIt()
    {
        await Backend.PutAsync("k", [1]);
        await Backend.DeleteAsync("k");

        Assert.Null(await Backend.GetAsync("k"));
        Assert.Empty(await Backend.ListAsync(""));
    }

    [Fact]
    public async Task DeleteAsync_MissingKey_DoesNothing()
    {
        await Backend.PutAsync("other", [1]);
        await Backend.DeleteAsync("missing");

        Assert.Equal(["other"], await Backend.ListAsync(""));
    }

    [Fact]
    public async Task ListAsync_MixedTree_ReturnsImmediateChildrenFoldersOnceSorted()
    {
        foreach (var key in new[] { "b/d/e", "a", "b/c", "b0", "b-x", "b/d/f", "b", "c/x/y/z" })
        {
            await Backend.PutAsync(key, [1]);
        }

        Assert.Equal(["a", "b", "b-x", "b/", "b0", "c/"], await Backend.ListAsync(""));
        Assert.Equal(["c", "d/"], await Backend.ListAsync("b/"));
        Assert.Equal(["e", "f"], await Backend.ListAsync("b/d/"));
        Assert.Equal(["x/"], await Backend.ListAsync("c/"));
        Assert.Empty(await Backend.ListAsync("nothing/"));
        Assert.Empty(await Backend.ListAsync("a/"));
    }

    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsEmpty()
    {
        Assert.Empty(await Backend.ListAsync(""));
    }

    [Theory]
    [InlineData("b")]
    [InlineData("/b/")]
    [InlineData("b//")]
    [InlineData("../")]
    [InlineData("/")]
    public async Task ListAsync_InvalidPrefix_ThrowsArgumentException(string prefix)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Backend.ListAsync(prefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/a")]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    public async Task PutAsync_InvalidKey_ThrowsArgumentException(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Backend.PutAsync(key, [1]));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Backend.GetAsync(key));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Backend.DeleteAsync(key));
    }

    [Fact]
    public async Task PutAsync_ConcurrentWriters_AllWritesLand()
    {
        const int writers = 8;
        const int perWriter = 25;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await Backend.PutAsync($"w{w}/k{i:D2}", [(byte)w, (byte)i]);
                await Backend.PutAsync("shared", [(byte)w]);
            }
        }));
        await Task.WhenAll(tasks);

        for (var w = 0; w < writers; w++)
        {
            Assert.Equal(perWriter, (await Backend.ListAsync($"w{w}/")).Count);
            Assert.Equal([(byte)w, 7], await Backend.GetAsync($"w{w}/k07"));
        }

        Assert.Single(await Backend.GetAsync("shared") ?? []);
    }

    [Fact]
    public async Task CommitAsync_Batch_AppliesPutsAndDeletesInOrder()
    {
        await Backend.PutAsync("old", [1]);
        await Backend.CommitAsync([PhysicalWrite.Put("a/x", [1]), PhysicalWrite.Put("a/y", [2]), PhysicalWrite.Delete("old"), PhysicalWrite.Put("a/x", [3])]);

        Assert.Equal([3], await Backend.GetAsync("a/x"));
        Assert.Equal([2], await Backend.GetAsync("a/y"));
        Assert.Null(await Backend.GetAsync("old"));
    }

    [Fact]
    public async Task CommitAsync_InvalidKeyInBatch_ThrowsAndWritesNothing()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Backend.CommitAsync([PhysicalWrite.Put("good", [1]), PhysicalWrite.Put("bad//key", [2])]));

        Assert.Null(await Backend.GetAsync("good"));
    }

    [Fact]
    public async Task CommitAsync_EmptyBatch_DoesNothing()
    {
        await Backend.CommitAsync([]);

        Assert.Empty(await Backend.ListAsync(""));
    }

    [Fact]
    public async Task ListPageAsync_PagesThroughChildrenInOrder()
    {
        foreach (var key in new[] { "p/a", "p/b/x", "p/c", "p/d", "p/e/y/z" })
        {
            await Backend.PutAsync(key, [1]);
        }

        Assert.Equal(["a", "b/"], await Backend.ListPageAsync("p/", "", 2));
        Assert.Equal(["c", "d"], await Backend.ListPageAsync("p/", "b/", 2));
        Assert.Equal(["e/"], await Backend.ListPageAsync("p/", "d", 2));
        Assert.Empty(await Backend.ListPageAsync("p/", "e/", 2));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Backend.ListPageAsync("p/", "", 0));
    }

    [Fact]
    public async Task ExportAsync_ReturnsEveryEntrySortedOrdinally()
    {
        await Backend.PutAsync("b/c", [2]);
        await Backend.PutAsync("a", [1]);
        await Backend.PutAsync("b/d/e", [3]);
        await Backend.PutAsync("b0", []);

        var entries = await Backend.ExportAsync();

        Assert.Equal(["a", "b/c", "b/d/e", "b0"], entries.Select(e => e.Key));
        Assert.Equal([3], entries[2].Value);
        Assert.Empty(entries[3].Value);
    }

    [Fact]
    public async Task ReplaceAllAsync_ReplacesWholeContent()
    {
        await Backend.PutAsync("gone", [1]);
        await Backend.PutAsync("kept/x", [1]);

        await Backend.ReplaceAllAsync([new PhysicalEntry("kept/x", [9]), new PhysicalEntry("new/y/z", [8])]);

        Assert.Null(await Backend.GetAsync("gone"));
        Assert.Equal([9], await Backend.GetAsync("kept/x"));
        Assert.Equal([8], await Backend.GetAsync("new/y/z"));
        Assert.Equal(["kept/", "new/"], await Backend.ListAsync(""));
    }
}
