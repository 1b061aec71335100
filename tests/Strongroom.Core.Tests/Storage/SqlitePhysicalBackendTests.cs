using System.Text;
using Microsoft.Data.Sqlite;
using Strongroom.Core.Storage;

namespace Strongroom.Core.Tests.Storage;

public sealed class SqlitePhysicalBackendTests : PhysicalBackendContractTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "strongroom-sqlite-" + Guid.NewGuid().ToString("N"));
    private readonly List<IAsyncDisposable> extra = [];

    private string DbPath => Path.Combine(directory, "nested", "strongroom.db");

    protected override async Task<IPhysicalBackend> CreateBackendAsync() =>
        await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(DbPath));

    public override async Task DisposeAsync()
    {
        foreach (var disposable in extra)
        {
            await disposable.DisposeAsync();
        }

        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task OpenAsync_MissingParentDirectory_CreatesItAndFile()
    {
        Assert.True(File.Exists(DbPath));
        await Backend.PutAsync("k", [1]);
        Assert.True(File.Exists(DbPath + "-wal"));
    }

    [Fact]
    public void OpenAsync_NewFile_IsOwnerOnlyOnUnix()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(DbPath)!));
    }

    [Fact]
    public async Task OpenAsync_Always_EnablesWalJournal()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task PutAsync_ThenCloseAndReopen_ValuesPersist()
    {
        await Backend.PutAsync("persist/a", [1, 2, 3]);
        await Backend.PutAsync("persist/b", [4]);
        await Backend.DeleteAsync("persist/b");
        await Backend.DisposeAsync();

        await using var reopened = await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(DbPath));

        Assert.Equal([1, 2, 3], await reopened.GetAsync("persist/a"));
        Assert.Null(await reopened.GetAsync("persist/b"));
        Assert.Equal(["a"], await reopened.ListAsync("persist/"));
    }

    [Fact]
    public async Task PutAsync_TwoInstancesOnSameFileConcurrently_AllWritesLand()
    {
        var second = await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(DbPath));
        extra.Add(second);

        var writers = new[] { Backend, second }.Select((b, n) => Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await b.PutAsync($"node{n}/k{i:D2}", [(byte)i]);
            }
        }));
        await Task.WhenAll(writers);

        Assert.Equal(30, (await Backend.ListAsync("node1/")).Count);
        Assert.Equal(30, (await second.ListAsync("node0/")).Count);
    }

    [Fact]
    public async Task OpenAsync_ParentIsARegularFile_ThrowsStorageUnavailable()
    {
        var blocker = Path.Combine(directory, "blocker");
        await File.WriteAllTextAsync(blocker, "not a directory");

        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(async () =>
            await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(Path.Combine(blocker, "sub", "db.sqlite"))));
        Assert.Contains("directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_FileIsNotADatabase_ThrowsStorageUnavailable()
    {
        var garbage = Path.Combine(directory, "garbage.db");
        await File.WriteAllBytesAsync(garbage, Encoding.ASCII.GetBytes(new string('x', 4096)));

        await Assert.ThrowsAsync<StorageUnavailableException>(async () =>
            await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(garbage)));
    }

    [Fact]
    public async Task PutAsync_DatabaseLockedByAnotherWriter_ThrowsStorageUnavailableWithoutValue()
    {
        var impatient = await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(DbPath) { BusyTimeout = TimeSpan.FromMilliseconds(100) });
        extra.Add(impatient);
        await using var locker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        await locker.OpenAsync();
        await using var begin = locker.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE;";
        await begin.ExecuteNonQueryAsync();

        var marker = "fake-value-" + Guid.NewGuid().ToString("N");
        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(async () =>
            await impatient.PutAsync("locked", Encoding.UTF8.GetBytes(marker)));

        Assert.DoesNotContain(marker, ex.ToString(), StringComparison.Ordinal);
        Assert.IsType<SqliteException>(ex.InnerException);
        begin.CommandText = "ROLLBACK;";
        await begin.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task GetAsync_AfterDispose_ThrowsObjectDisposed()
    {
        await Backend.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await Backend.GetAsync("k"));
    }

    [Fact]
    public async Task CommitAsync_ManyConcurrentBatches_AllDurableAfterReopen()
    {
        const int tasks = 32;
        const int batchesPerTask = 10;
        var writers = Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            for (var b = 0; b < batchesPerTask; b++)
            {
                await Backend.CommitAsync([PhysicalWrite.Put($"t{t}/b{b}/data", [(byte)t, (byte)b]), PhysicalWrite.Put($"t{t}/b{b}/meta", [(byte)b]), PhysicalWrite.Delete($"t{t}/b{b - 1}/meta")]);
            }
        }));
        await Task.WhenAll(writers);
        await Backend.DisposeAsync();
        SqliteConnection.ClearAllPools();

        await using var reopened = await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(DbPath));
        for (var t = 0; t < tasks; t++)
        {
            Assert.Equal(batchesPerTask, (await reopened.ListAsync($"t{t}/")).Count);
            for (var b = 0; b < batchesPerTask; b++)
            {
                Assert.Equal(new byte[] { (byte)t, (byte)b }, await reopened.GetAsync($"t{t}/b{b}/data"));
                var meta = await reopened.GetAsync($"t{t}/b{b}/meta");
                if (b == batchesPerTask - 1)
                {
                    Assert.Equal(new byte[] { (byte)b }, meta);
                }
                else
                {
                    Assert.Null(meta);
                }
            }
        }
    }

    [Fact]
    public async Task CommitAsync_OneFailingBatchAmongConcurrentGoodOnes_OnlyItFailsAndLeavesNothing()
    {
        // A trigger makes SQLite reject any insert of a "poison/" key: the failing batch's first
        // write is fine, its second aborts it, so it must roll back whole while its group-mates land.
        await using (var setup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString()))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText = "CREATE TRIGGER reject_poison BEFORE INSERT ON strongroom_kv WHEN NEW.key LIKE 'poison/%' BEGIN SELECT RAISE(ABORT, 'poisoned'); END;";
            await command.ExecuteNonQueryAsync();
        }

        var good = Enumerable.Range(0, 40).Select(i => Task.Run(async () => await Backend.CommitAsync([PhysicalWrite.Put($"good/{i}/a", [1]), PhysicalWrite.Put($"good/{i}/b", [2])]))).ToList();
        var bad = Task.Run(async () => await Backend.CommitAsync([PhysicalWrite.Put("bad/first", [1]), PhysicalWrite.Put("poison/second", [2])]));
        good.AddRange(Enumerable.Range(40, 40).Select(i => Task.Run(async () => await Backend.CommitAsync([PhysicalWrite.Put($"good/{i}/a", [1]), PhysicalWrite.Put($"good/{i}/b", [2])]))));

        await Assert.ThrowsAsync<StorageUnavailableException>(() => bad);
        await Task.WhenAll(good);
        Assert.Null(await Backend.GetAsync("bad/first"));
        Assert.Null(await Backend.GetAsync("poison/second"));
        Assert.Equal(80, (await Backend.ListAsync("good/")).Count);
        Assert.Equal([2], await Backend.GetAsync("good/79/b"));
    }
}
