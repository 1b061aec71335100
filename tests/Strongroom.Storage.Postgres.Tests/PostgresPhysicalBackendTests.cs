using Npgsql;
using Strongroom.Core.Storage;
using Strongroom.Core.Tests.Storage;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Storage.Postgres.Tests;

/// <summary>The shared physical-backend contract, plus PostgreSQL specifics (layout, schema, restarts, outage).</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresPhysicalBackendTests : PhysicalBackendContractTests
{
    private readonly PostgresFixture _pg;
    private readonly string _table = PostgresFixture.UniqueTable();

    public PostgresPhysicalBackendTests(PostgresFixture pg)
    {
        _pg = pg;
    }

    protected override async Task<IPhysicalBackend> CreateBackendAsync() =>
        await PostgresPhysicalBackend.OpenAsync(_pg.Options(_table));

    [Fact]
    public async Task OpenAsync_CreatesVaultLayoutTable_AndStoresPathSplit()
    {
        await Backend.PutAsync("a/b/c", [7]);

        await using var connection = new NpgsqlConnection(_pg.Server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT parent_path, path, key, value FROM \"{_table}\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("a/", reader.GetString(0));
        Assert.Equal("a/b/", reader.GetString(1));
        Assert.Equal("c", reader.GetString(2));
        Assert.Equal([7], (byte[])reader.GetValue(3));
    }

    [Fact]
    public async Task Commit_LaterStatementFails_NothingOfTheBatchCommits()
    {
        // A commit is one pipeline run as one implicit transaction: a statement failing in the middle
        // (here a key too large for the primary-key index) leaves none of the batch behind.
        await Backend.PutAsync("atomic/old", [1]);
        var oversized = "atomic/" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8000));

        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await Backend.CommitAsync(
            [PhysicalWrite.Put("atomic/a", [2]), PhysicalWrite.Delete("atomic/old"), PhysicalWrite.Put(oversized, [3]), PhysicalWrite.Put("atomic/c", [4])]));

        Assert.Null(await Backend.GetAsync("atomic/a"));
        Assert.Equal([1], await Backend.GetAsync("atomic/old"));
        Assert.Null(await Backend.GetAsync("atomic/c"));
        Assert.Equal(new[] { "old" }, await Backend.ListAsync("atomic/"));
    }

    [Fact]
    public async Task OpenAsync_TwiceOnSameTable_SeesExistingData()
    {
        await Backend.PutAsync("k", [1]);
        await using var second = await PostgresPhysicalBackend.OpenAsync(_pg.Options(_table));

        Assert.Equal([1], await second.GetAsync("k"));
    }

    [Fact]
    public async Task OpenAsync_ConcurrentlyOnNewTable_AllSucceed()
    {
        var table = PostgresFixture.UniqueTable();
        var backends = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresPhysicalBackend.OpenAsync(_pg.Options(table)).AsTask()));
        foreach (var backend in backends)
        {
            await backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task OpenAsync_Unreachable_ThrowsStorageUnavailableWithoutPassword()
    {
        var options = new PostgresStorageOptions($"Host=127.0.0.1;Port={ServerProcess.FreePort()};Username=postgres;Password=fake-password-for-test;Timeout=2");

        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await PostgresPhysicalBackend.OpenAsync(options));

        Assert.Contains("create schema", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_KeysWithLikeMetacharacters_AreLiteral()
    {
        await Backend.PutAsync("a%/x", [1]);
        await Backend.PutAsync("a_/y", [1]);
        await Backend.PutAsync("ab/z", [1]);

        Assert.Equal(["x"], await Backend.ListAsync("a%/"));
        Assert.Equal(["y"], await Backend.ListAsync("a_/"));
        Assert.Equal(["a%/", "a_/", "ab/"], await Backend.ListAsync(""));
    }

    [Fact]
    public async Task ListAsync_NonAsciiKeys_SortOrdinally()
    {
        await Backend.PutAsync("f/é", [1]);
        await Backend.PutAsync("f/z", [1]);
        await Backend.PutAsync("f/Z", [1]);

        Assert.Equal(["Z", "z", "é"], await Backend.ListAsync("f/"));
    }
}
