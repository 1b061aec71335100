using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

public sealed class DataPathTests
{
    private readonly KvV2Fixture _kv = new();

    [Fact]
    public void Write_NewKey_ReturnsVersionOneMetadataShape()
    {
        var response = _kv.Put("ai/openai", """{"api-key": "fake-value"}""");

        var data = response.Data!;
        Assert.Equal(["created_time", "custom_metadata", "deletion_time", "destroyed", "version"], data.Select(p => p.Key).Order());
        Assert.Equal(1, data["version"]!.GetValue<long>());
        Assert.Equal("2025-03-22T02:24:06.9453192Z", data["created_time"]!.GetValue<string>());
        Assert.Equal("", data["deletion_time"]!.GetValue<string>());
        Assert.False(data["destroyed"]!.GetValue<bool>());
        Assert.True(data.ContainsKey("custom_metadata"));
        Assert.Null(data["custom_metadata"]);
    }

    [Fact]
    public void Read_Latest_ReturnsDataAndMetadata()
    {
        var secret = Requests.FakeSecret("sk-");
        _kv.Put("app", $$"""{"key": "{{secret}}", "n": 1}""");
        _kv.Clock.Advance(TimeSpan.FromSeconds(1));
        _kv.Put("app", $$"""{"key": "{{secret}}2"}""");

        var response = _kv.Handle(Requests.Read("data/app"));

        Assert.False(response.IsError);
        Assert.Equal(secret + "2", response.Data!["data"]!["key"]!.GetValue<string>());
        Assert.Null(response.Data["data"]!["n"]);
        Assert.Equal(2, response.Data["metadata"]!["version"]!.GetValue<long>());
        Assert.Equal("2025-03-22T02:24:07.9453192Z", response.Data["metadata"]!["created_time"]!.GetValue<string>());
    }

    [Fact]
    public void Read_VersionQuery_ReturnsThatVersion()
    {
        _kv.Put("app", """{"v": "one"}""");
        _kv.Put("app", """{"v": "two"}""");

        var response = _kv.Handle(Requests.Read("data/app", ("version", "1")));

        Assert.Equal("one", response.Data!["data"]!["v"]!.GetValue<string>());
        Assert.Equal(1, response.Data["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public void Read_MissingKeyOrVersion_NotFoundWithoutData()
    {
        _kv.Put("app", """{"v": "one"}""");

        var missingKey = _kv.Handle(Requests.Read("data/nope"));
        var missingVersion = _kv.Handle(Requests.Read("data/app", ("version", "7")));

        Assert.Equal(ErrorCode.NotFound, missingKey.ErrorCode);
        Assert.Null(missingKey.Data);
        Assert.Equal(ErrorCode.NotFound, missingVersion.ErrorCode);
        Assert.Null(missingVersion.Data);
    }

    [Fact]
    public void Read_BadVersionParameter_BadRequestNamingField()
    {
        _kv.Put("app", """{"v": "one"}""");

        var response = _kv.Handle(Requests.Read("data/app", ("version", "abc")));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains("version", response.Errors[0]);
    }

    [Fact]
    public void Read_SoftDeletedVersion_NotFoundWithNullDataAndMetadata()
    {
        _kv.Put("app", """{"v": "one"}""");
        _kv.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(_kv.Handle(Requests.Delete("data/app")).IsError);
        _kv.Clock.Advance(TimeSpan.FromSeconds(1));

        var response = _kv.Handle(Requests.Read("data/app"));

        Assert.Equal(ErrorCode.NotFound, response.ErrorCode);
        Assert.NotNull(response.Data);
        Assert.True(response.Data!.ContainsKey("data"));
        Assert.Null(response.Data["data"]);
        Assert.Equal("2025-03-22T02:25:06.9453192Z", response.Data["metadata"]!["deletion_time"]!.GetValue<string>());
        Assert.Equal(1, response.Data["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public void Write_MissingData_BadRequest()
    {
        var response = _kv.Handle(Requests.Write("data/app", """{"options": {}}"""));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Equal("no data provided", response.Errors[0]);
    }

    [Fact]
    public void Write_DataNotAnObject_BadRequestNamingField()
    {
        var response = _kv.Handle(Requests.Write("data/app", """{"data": "text"}"""));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains("\"data\"", response.Errors[0]);
    }

    [Fact]
    public void Write_CasNotAnInteger_BadRequestNamingField()
    {
        var response = _kv.Handle(Requests.Write("data/app", """{"options": {"cas": "x"}, "data": {"a": "b"}}"""));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains("\"cas\"", response.Errors[0]);
    }

    [Fact]
    public void Write_CasZeroOnNewKey_Succeeds_ThenCasZeroAgain_Fails()
    {
        var first = _kv.Handle(Requests.Write("data/app", """{"options": {"cas": 0}, "data": {"a": "1"}}"""));
        var second = _kv.Handle(Requests.Write("data/app", """{"options": {"cas": 0}, "data": {"a": "2"}}"""));

        Assert.False(first.IsError);
        Assert.Equal(ErrorCode.BadRequest, second.ErrorCode);
        Assert.Equal("check-and-set parameter did not match the current version", second.Errors[0]);
    }

    [Fact]
    public void Write_CasMatchingCurrentVersion_CreatesNextVersion()
    {
        _kv.Put("app", """{"a": "1"}""");

        var response = _kv.Handle(Requests.Write("data/app", """{"options": {"cas": 1}, "data": {"a": "2"}}"""));

        Assert.Equal(2, response.Data!["version"]!.GetValue<long>());
    }

    [Fact]
    public void Write_CasRequiredByMountWithoutCas_BadRequest()
    {
        _kv.Handle(Requests.Write("config", """{"cas_required": true}"""));

        var response = _kv.Handle(Requests.Write("data/app", """{"data": {"a": "1"}}"""));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Equal("check-and-set parameter required for this call", response.Errors[0]);
    }

    [Fact]
    public void Write_CasRequiredByKeyMetadataWithoutCas_BadRequest()
    {
        _kv.Put("app", """{"a": "1"}""");
        _kv.Handle(Requests.Write("metadata/app", """{"cas_required": true}"""));

        var without = _kv.Handle(Requests.Write("data/app", """{"data": {"a": "2"}}"""));
        var with = _kv.Handle(Requests.Write("data/app", """{"options": {"cas": 1}, "data": {"a": "2"}}"""));

        Assert.Equal(ErrorCode.BadRequest, without.ErrorCode);
        Assert.False(with.IsError);
    }

    [Fact]
    public void Write_CustomMetadataSet_EchoedInWriteAndRead()
    {
        _kv.Handle(Requests.Write("metadata/app", """{"custom_metadata": {"owner": "jdoe"}}"""));

        var write = _kv.Put("app", """{"a": "1"}""");
        var read = _kv.Handle(Requests.Read("data/app"));

        Assert.Equal("jdoe", write.Data!["custom_metadata"]!["owner"]!.GetValue<string>());
        Assert.Equal("jdoe", read.Data!["metadata"]!["custom_metadata"]!["owner"]!.GetValue<string>());
    }

    [Fact]
    public void Patch_ExistingVersion_MergesPerRfc7386AndCreatesNewVersion()
    {
        _kv.Put("app", """{"foo": "x", "keep": "k", "bar": {"baz": "old", "gone": "g"}}""");

        var response = _kv.Handle(Requests.Patch("data/app", """{"data": {"foo": "a", "bar": {"baz": "b", "gone": null}, "new": ["l"]}}"""));
        var read = _kv.Handle(Requests.Read("data/app"));

        Assert.Equal(2, response.Data!["version"]!.GetValue<long>());
        Assert.Equal(
            """{"foo":"a","keep":"k","bar":{"baz":"b"},"new":["l"]}""",
            read.Data!["data"]!.ToJsonString());
    }

    [Fact]
    public void Patch_MissingKey_NotFound()
    {
        var response = _kv.Handle(Requests.Patch("data/app", """{"data": {"a": "b"}}"""));

        Assert.Equal(ErrorCode.NotFound, response.ErrorCode);
    }

    [Fact]
    public void Patch_DeletedLatest_NotFoundWithVersionMetadata()
    {
        _kv.Put("app", """{"a": "1"}""");
        _kv.Handle(Requests.Delete("data/app"));
        _kv.Clock.Advance(TimeSpan.FromSeconds(1));

        var response = _kv.Handle(Requests.Patch("data/app", """{"data": {"a": "2"}}"""));

        Assert.Equal(ErrorCode.NotFound, response.ErrorCode);
        Assert.Equal(1, response.Data!["version"]!.GetValue<long>());
        Assert.Equal(1, _kv.Metadata("app")["current_version"]!.GetValue<long>());
    }

    [Fact]
    public void Patch_CasMismatch_BadRequest()
    {
        _kv.Put("app", """{"a": "1"}""");

        var response = _kv.Handle(Requests.Patch("data/app", """{"options": {"cas": 0}, "data": {"a": "2"}}"""));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Equal("check-and-set parameter did not match the current version", response.Errors[0]);
    }

    [Fact]
    public void Patch_MissingData_BadRequest()
    {
        _kv.Put("app", """{"a": "1"}""");

        var response = _kv.Handle(Requests.Patch("data/app", "{}"));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
    }

    [Fact]
    public void Delete_Latest_SoftDeletesOnlyLatest()
    {
        _kv.Put("app", """{"v": "one"}""");
        _kv.Put("app", """{"v": "two"}""");

        var response = _kv.Handle(Requests.Delete("data/app"));
        _kv.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(response.IsError);
        Assert.Null(response.Data);
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("data/app")).ErrorCode);
        Assert.Equal("one", _kv.Handle(Requests.Read("data/app", ("version", "1"))).Data!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public void Delete_AlreadyDeleted_KeepsOriginalDeletionTime()
    {
        _kv.Put("app", """{"v": "one"}""");
        _kv.Handle(Requests.Delete("data/app"));
        var first = _kv.Metadata("app")["versions"]!["1"]!["deletion_time"]!.GetValue<string>();
        _kv.Clock.Advance(TimeSpan.FromMinutes(5));

        _kv.Handle(Requests.Delete("data/app"));

        Assert.Equal(first, _kv.Metadata("app")["versions"]!["1"]!["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public void Delete_MissingKey_NoContent()
    {
        var response = _kv.Handle(Requests.Delete("data/nope"));

        Assert.False(response.IsError);
        Assert.Null(response.Data);
    }

    [Fact]
    public void Write_NestedJsonValues_RoundTripExactly()
    {
        _kv.Put("app", """{"s": "x", "n": 1.5, "b": true, "nil": null, "arr": [1, "two"], "obj": {"k": {"d": 3}}}""");

        var data = _kv.Handle(Requests.Read("data/app")).Data!["data"]!;

        Assert.Equal("""{"s":"x","n":1.5,"b":true,"nil":null,"arr":[1,"two"],"obj":{"k":{"d":3}}}""", data.ToJsonString());
    }

    [Fact]
    public void Write_SecretValue_NotStoredUnderItsOwnKeyName()
    {
        var secret = Requests.FakeSecret();
        _kv.Put("team/app", $$"""{"token": "{{secret}}"}""");

        Assert.Contains("metadata/team/app", _kv.Storage.AllKeys);
        Assert.DoesNotContain(_kv.Storage.AllKeys, k => k.Contains(secret));
        Assert.Equal(2, _kv.Storage.AllKeys.Count);
    }
}
