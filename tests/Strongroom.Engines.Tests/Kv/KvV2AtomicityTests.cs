using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

/// <summary>
/// Every KV v2 mutation is one storage batch: a failing batch leaves the key exactly as it was
/// (never a version without metadata, never metadata pointing at missing data).
/// </summary>
public sealed class KvV2AtomicityTests
{
    private readonly KvV2Fixture _kv = new();

    [Fact]
    public async Task Write_CommitFails_LeavesNeitherVersionNorMetadata()
    {
        _kv.Put("app", """{"v": "1"}""");
        var before = _kv.Storage.AllKeys;
        _kv.Storage.FailCommit = _ => true;

        await Assert.ThrowsAsync<IOException>(() => _kv.HandleAsync(Requests.Write("data/app", """{"data": {"v": "2"}}""")));
        await Assert.ThrowsAsync<IOException>(() => _kv.HandleAsync(Requests.Write("data/fresh", """{"data": {"v": "1"}}""")));

        _kv.Storage.FailCommit = null;
        Assert.Equal(before, _kv.Storage.AllKeys);
        Assert.Equal(1, _kv.Metadata("app")["current_version"]!.GetValue<long>());
        Assert.Equal("1", _kv.Handle(Requests.Read("data/app")).Data!["data"]!["v"]!.GetValue<string>());
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("data/fresh")).ErrorCode);
    }

    [Fact]
    public void Write_BeyondMaxVersions_CommitsVersionMetadataAndPruneInOneBatch()
    {
        Assert.False(_kv.Handle(Requests.Write("metadata/app", """{"max_versions": 2}""")).IsError);
        _kv.Put("app", """{"v": "1"}""");
        _kv.Put("app", """{"v": "2"}""");
        var commitsBefore = _kv.Storage.Commits.Count;

        _kv.Put("app", """{"v": "3"}""");

        Assert.Equal(commitsBefore + 1, _kv.Storage.Commits.Count);
        var batch = _kv.Storage.Commits[^1];
        Assert.Equal(3, batch.Count);
        Assert.True(batch[0].Key.StartsWith("versions/", StringComparison.Ordinal) && batch[0].Key.EndsWith("/3", StringComparison.Ordinal) && !batch[0].IsDelete);
        Assert.Equal("metadata/app", batch[1].Key);
        Assert.True(batch[2].Key.EndsWith("/1", StringComparison.Ordinal) && batch[2].IsDelete);
        Assert.Equal(3, _kv.Storage.AllKeys.Count); // versions 2 and 3 and the metadata
    }

    [Fact]
    public async Task Patch_CommitFails_KeyUnchanged()
    {
        _kv.Put("app", """{"a": "1"}""");
        var before = _kv.Storage.AllKeys;
        _kv.Storage.FailCommit = _ => true;

        await Assert.ThrowsAsync<IOException>(() => _kv.HandleAsync(Requests.Patch("data/app", """{"data": {"b": "2"}}""")));

        _kv.Storage.FailCommit = null;
        Assert.Equal(before, _kv.Storage.AllKeys);
        Assert.Equal(1, _kv.Metadata("app")["current_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Destroy_CommitFails_VersionStillReadable()
    {
        _kv.Put("app", """{"v": "1"}""");
        _kv.Put("app", """{"v": "2"}""");
        _kv.Storage.FailCommit = _ => true;

        await Assert.ThrowsAsync<IOException>(() => _kv.HandleAsync(Requests.Write("destroy/app", """{"versions": [1, 2]}""")));

        _kv.Storage.FailCommit = null;
        Assert.Equal("1", _kv.Handle(Requests.Read("data/app", ("version", "1"))).Data!["data"]!["v"]!.GetValue<string>());
        Assert.False(_kv.Metadata("app")["versions"]!["2"]!["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public void Destroy_TwoVersions_MetadataAndBothDeletesInOneBatch()
    {
        _kv.Put("app", """{"v": "1"}""");
        _kv.Put("app", """{"v": "2"}""");

        Assert.False(_kv.Handle(Requests.Write("destroy/app", """{"versions": [1, 2]}""")).IsError);

        var batch = _kv.Storage.Commits[^1];
        Assert.Equal("metadata/app", batch[0].Key);
        Assert.Equal(2, batch.Count(w => w.IsDelete && w.Key.StartsWith("versions/", StringComparison.Ordinal)));
        Assert.Single(_kv.Storage.AllKeys); // only the metadata (no config was written)
    }

    [Fact]
    public async Task MetadataDelete_CommitFails_EverythingStays_ThenOneBatchRemovesEverything()
    {
        _kv.Put("app", """{"v": "1"}""");
        _kv.Put("app", """{"v": "2"}""");
        var before = _kv.Storage.AllKeys;
        _kv.Storage.FailCommit = _ => true;

        await Assert.ThrowsAsync<IOException>(() => _kv.HandleAsync(Requests.Delete("metadata/app")));

        _kv.Storage.FailCommit = null;
        Assert.Equal(before, _kv.Storage.AllKeys);
        var commitsBefore = _kv.Storage.Commits.Count;
        Assert.False(_kv.Handle(Requests.Delete("metadata/app")).IsError);
        Assert.Equal(commitsBefore + 1, _kv.Storage.Commits.Count);
        Assert.Empty(_kv.Storage.AllKeys);
    }

    [Fact]
    public async Task Undelete_CommitFails_VersionStaysDeleted()
    {
        _kv.Put("app", """{"v": "1"}""");
        Assert.False(_kv.Handle(Requests.Delete("data/app")).IsError);
        _kv.Storage.FailCommit = _ => true;

        await Assert.ThrowsAsync<IOException>(() => _kv.HandleAsync(Requests.Write("undelete/app", """{"versions": [1]}""")));

        _kv.Storage.FailCommit = null;
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("data/app")).ErrorCode);
    }
}
