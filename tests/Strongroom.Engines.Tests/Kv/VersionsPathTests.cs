using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

public sealed class VersionsPathTests
{
    private readonly KvV2Fixture _kv = new();

    private void PutThree()
    {
        _kv.Put("app", """{"v": "1"}""");
        _kv.Put("app", """{"v": "2"}""");
        _kv.Put("app", """{"v": "3"}""");
    }

    private ErrorCode? ReadVersion(int version) => _kv.Handle(Requests.Read("data/app", ("version", version.ToString()))).ErrorCode;

    [Fact]
    public void Delete_ListedVersions_HidesOnlyThose()
    {
        PutThree();

        var response = _kv.Handle(Requests.Write("delete/app", """{"versions": [1, 3]}"""));
        _kv.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(response.IsError);
        Assert.Equal(ErrorCode.NotFound, ReadVersion(1));
        Assert.Null(ReadVersion(2));
        Assert.Equal(ErrorCode.NotFound, ReadVersion(3));
    }

    [Fact]
    public void Delete_CommaSeparatedVersions_Accepted()
    {
        PutThree();

        _kv.Handle(Requests.Write("delete/app", """{"versions": "1,2"}"""));
        _kv.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ErrorCode.NotFound, ReadVersion(1));
        Assert.Equal(ErrorCode.NotFound, ReadVersion(2));
        Assert.Null(ReadVersion(3));
    }

    [Fact]
    public void Delete_NoVersions_BadRequest()
    {
        PutThree();

        var response = _kv.Handle(Requests.Write("delete/app", "{}"));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
    }

    [Fact]
    public void Delete_VersionsNotIntegers_BadRequestNamingField()
    {
        PutThree();

        var response = _kv.Handle(Requests.Write("delete/app", """{"versions": ["one"]}"""));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains("\"versions\"", response.Errors[0]);
    }

    [Fact]
    public void Delete_UnknownVersionsAndKey_IgnoredNoContent()
    {
        PutThree();

        var unknownVersion = _kv.Handle(Requests.Write("delete/app", """{"versions": [99]}"""));
        var unknownKey = _kv.Handle(Requests.Write("delete/nope", """{"versions": [1]}"""));

        Assert.False(unknownVersion.IsError);
        Assert.False(unknownKey.IsError);
        Assert.Equal(3, _kv.Metadata("app")["versions"]!.AsObject().Count);
    }

    [Fact]
    public void Undelete_DeletedVersion_ReadableAgain()
    {
        PutThree();
        _kv.Handle(Requests.Write("delete/app", """{"versions": [2]}"""));
        _kv.Clock.Advance(TimeSpan.FromSeconds(1));

        var response = _kv.Handle(Requests.Write("undelete/app", """{"versions": [2]}"""));

        Assert.False(response.IsError);
        Assert.Null(ReadVersion(2));
        Assert.Equal("", _kv.Metadata("app")["versions"]!["2"]!["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public void Undelete_WithDeleteVersionAfter_RestartsTheClock()
    {
        _kv.Handle(Requests.Write("config", """{"delete_version_after": "1h"}"""));
        _kv.Put("app", """{"v": "1"}""");
        _kv.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(ErrorCode.NotFound, ReadVersion(1));

        _kv.Handle(Requests.Write("undelete/app", """{"versions": [1]}"""));

        Assert.Null(ReadVersion(1));
        Assert.Equal("2025-03-22T05:24:06.9453192Z", _kv.Metadata("app")["versions"]!["1"]!["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public void Destroy_Version_RemovesDataAndMarksDestroyed()
    {
        var secret = Requests.FakeSecret();
        _kv.Put("app", $$"""{"v": "{{secret}}"}""");
        _kv.Put("app", """{"v": "2"}""");
        var keysBefore = _kv.Storage.AllKeys.Count;

        var response = _kv.Handle(Requests.Write("destroy/app", """{"versions": [1]}"""));
        var read = _kv.Handle(Requests.Read("data/app", ("version", "1")));

        Assert.False(response.IsError);
        Assert.Equal(keysBefore - 1, _kv.Storage.AllKeys.Count);
        Assert.Equal(ErrorCode.NotFound, read.ErrorCode);
        Assert.True(read.Data!["metadata"]!["destroyed"]!.GetValue<bool>());
        Assert.True(_kv.Metadata("app")["versions"]!["1"]!["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public void Undelete_DestroyedVersion_StaysDestroyed()
    {
        PutThree();
        _kv.Handle(Requests.Write("destroy/app", """{"versions": [1]}"""));

        _kv.Handle(Requests.Write("undelete/app", """{"versions": [1]}"""));

        Assert.Equal(ErrorCode.NotFound, ReadVersion(1));
    }

    [Fact]
    public void Read_OnDeletePath_Unsupported()
    {
        PutThree();

        var response = _kv.Handle(Requests.Read("destroy/app"));

        Assert.Equal(ErrorCode.UnsupportedOperation, response.ErrorCode);
    }
}
