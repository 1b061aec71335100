using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

/// <summary>Version lifecycle through the API: pruning to max_versions and delete_version_after.</summary>
public sealed class KeyMetadataTests
{
    private readonly KvV2Fixture _kv = new();

    [Fact]
    public void AddVersion_DefaultMax_KeepsTenVersionsAndDropsData()
    {
        for (var i = 1; i <= 12; i++)
        {
            _kv.Put("app", $$"""{"v": "{{i}}"}""");
        }

        var meta = _kv.Metadata("app");

        Assert.Equal(12, meta["current_version"]!.GetValue<long>());
        Assert.Equal(3, meta["oldest_version"]!.GetValue<long>());
        Assert.Equal(Enumerable.Range(3, 10).Select(i => i.ToString()), meta["versions"]!.AsObject().Select(p => p.Key));
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("data/app", ("version", "2"))).ErrorCode);
        Assert.Equal(11, _kv.Storage.AllKeys.Count);
    }

    [Fact]
    public void AddVersion_MountMaxVersions_Prunes()
    {
        _kv.Handle(Requests.Write("config", """{"max_versions": 2}"""));

        for (var i = 1; i <= 4; i++)
        {
            _kv.Put("app", $$"""{"v": "{{i}}"}""");
        }

        Assert.Equal(["3", "4"], _kv.Metadata("app")["versions"]!.AsObject().Select(p => p.Key));
        Assert.Equal(4, _kv.Storage.AllKeys.Count); // two versions, metadata, config
    }

    [Fact]
    public void AddVersion_KeyMaxVersionsOverridesMount_AndLoweringPrunesSeveral()
    {
        _kv.Handle(Requests.Write("config", """{"max_versions": 5}"""));
        for (var i = 1; i <= 5; i++)
        {
            _kv.Put("app", $$"""{"v": "{{i}}"}""");
        }

        _kv.Handle(Requests.Write("metadata/app", """{"max_versions": 2}"""));
        _kv.Put("app", """{"v": "6"}""");

        var meta = _kv.Metadata("app");
        Assert.Equal(["5", "6"], meta["versions"]!.AsObject().Select(p => p.Key));
        Assert.Equal(5, meta["oldest_version"]!.GetValue<long>());
        Assert.Equal("5", _kv.Handle(Requests.Read("data/app", ("version", "5"))).Data!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public void DeletionTime_MountDeleteVersionAfter_ReadsAfterItAreDeleted()
    {
        _kv.Handle(Requests.Write("config", """{"delete_version_after": "1h"}"""));
        var write = _kv.Put("app", """{"v": "1"}""");

        _kv.Clock.Advance(TimeSpan.FromMinutes(59));
        var before = _kv.Handle(Requests.Read("data/app"));
        _kv.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = _kv.Handle(Requests.Read("data/app"));

        Assert.Equal("2025-03-22T03:24:06.9453192Z", write.Data!["deletion_time"]!.GetValue<string>());
        Assert.False(before.IsError);
        Assert.Equal(ErrorCode.NotFound, after.ErrorCode);
        Assert.Null(after.Data!["data"]);
    }

    [Fact]
    public void DeletionTime_KeyAndMount_SmallerNonZeroWins()
    {
        _kv.Handle(Requests.Write("config", """{"delete_version_after": "2h"}"""));
        _kv.Handle(Requests.Write("metadata/short", """{"delete_version_after": "30m"}"""));
        _kv.Handle(Requests.Write("metadata/long", """{"delete_version_after": "5h"}"""));

        var shortWrite = _kv.Put("short", """{"v": "1"}""");
        var longWrite = _kv.Put("long", """{"v": "1"}""");

        Assert.Equal("2025-03-22T02:54:06.9453192Z", shortWrite.Data!["deletion_time"]!.GetValue<string>());
        Assert.Equal("2025-03-22T04:24:06.9453192Z", longWrite.Data!["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public void DeletionTime_KeyOnly_Applies()
    {
        _kv.Handle(Requests.Write("metadata/app", """{"delete_version_after": "10s"}"""));
        _kv.Put("app", """{"v": "1"}""");

        _kv.Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("data/app")).ErrorCode);
    }

    [Fact]
    public void DeletionTime_ScheduledInFuture_DeleteNowStillWorks()
    {
        _kv.Handle(Requests.Write("config", """{"delete_version_after": "1h"}"""));
        _kv.Put("app", """{"v": "1"}""");

        _kv.Handle(Requests.Delete("data/app"));
        _kv.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("data/app")).ErrorCode);
        Assert.Equal("2025-03-22T02:24:06.9453192Z", _kv.Metadata("app")["versions"]!["1"]!["deletion_time"]!.GetValue<string>());
    }
}
