using Npgsql;
using Strongroom.Core.Storage;

namespace Strongroom.Storage.Postgres.Tests;

/// <summary>Write fencing on the HA lock, with two backends (two "nodes") on the same tables.</summary>
[Collection(PostgresGroup.Name)]
public sealed class FencingTests
{
    private readonly PostgresFixture _pg;

    public FencingTests(PostgresFixture pg)
    {
        _pg = pg;
    }

    [Fact]
    public async Task Write_LockStolen_OldHolderCannotWriteNewHolderCan()
    {
        var options = _pg.Options(ha: true, lockTtl: TimeSpan.FromSeconds(30));
        await using var first = await PostgresPhysicalBackend.OpenAsync(options);
        await using var second = await PostgresPhysicalBackend.OpenAsync(options);
        var firstLock = first.HaLock!;
        var secondLock = second.HaLock!;
        firstLock.FenceWrites = true;
        secondLock.FenceWrites = true;

        Assert.True(await firstLock.TryHoldAsync("http://first.example.test", default));
        Assert.False(await secondLock.TryHoldAsync("http://second.example.test", default));
        await first.PutAsync("k", [1]);
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await second.PutAsync("k", [2]));

        // The first node stalls (GC pause, partition) past its lock's expiry; the second takes over.
        await ExpireLeaderAsync(options.HaTable);
        Assert.True(await secondLock.TryHoldAsync("http://second.example.test", default));

        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await first.PutAsync("k", [3]));
        Assert.Contains("HA lock", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await first.CommitAsync([PhysicalWrite.Put("a", [1]), PhysicalWrite.Delete("k")]));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await first.DeleteAsync("k"));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await first.ReplaceAllAsync([]));
        Assert.False(await firstLock.TryHoldAsync("http://first.example.test", default));

        await second.PutAsync("k", [4]);
        Assert.Equal([4], await first.GetAsync("k"));
        Assert.Null(await first.GetAsync("a"));
        Assert.Equal("http://second.example.test", (await firstLock.GetLeaderAsync(default))!.ApiAddr);
    }

    [Fact]
    public async Task Write_FencingOff_WritesWithoutLock_ForInitBeforeUnseal()
    {
        var options = _pg.Options(ha: true);
        await using var backend = await PostgresPhysicalBackend.OpenAsync(options);

        await backend.PutAsync("k", [1]);
        backend.HaLock!.FenceWrites = true;

        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await backend.PutAsync("k", [2]));
        Assert.Equal([1], await backend.GetAsync("k"));
    }

    [Fact]
    public async Task Lock_ReleaseAndHeartbeats_ListNodes()
    {
        var options = _pg.Options(ha: true);
        await using var first = await PostgresPhysicalBackend.OpenAsync(options);
        await using var second = await PostgresPhysicalBackend.OpenAsync(options);
        await first.HaLock!.HeartbeatAsync("http://first.example.test", default);
        await second.HaLock!.HeartbeatAsync("http://second.example.test", default);
        Assert.True(await first.HaLock.TryHoldAsync("http://first.example.test", default));

        await first.HaLock.ReleaseAsync(default);

        Assert.Null(await second.HaLock.GetLeaderAsync(default));
        Assert.True(await second.HaLock.TryHoldAsync("http://second.example.test", default));
        var nodes = await first.HaLock.ListNodesAsync(default);
        Assert.Equal(2, nodes.Count);
        Assert.Contains(nodes, n => n.ApiAddr == "http://first.example.test");
    }

    private async Task ExpireLeaderAsync(string haTable)
    {
        await using var connection = new NpgsqlConnection(_pg.Server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"UPDATE \"{haTable}\" SET valid_until = now() - interval '1 second' WHERE ha_key = 'leader'", connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
