using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

public sealed class MetadataPathTests
{
    private readonly KvV2Fixture _kv = new();

    [Fact]
    public void Read_AfterWrites_HasVaultShape()
    {
        _kv.Put("app", """{"v": "1"}""");
        _kv.Clock.Advance(TimeSpan.FromSeconds(10));
        _kv.Put("app", """{"v": "2"}""");

        var meta = _kv.Metadata("app");

        Assert.Equal(
            ["cas_required", "created_time", "current_version", "custom_metadata", "delete_version_after", "max_versions", "oldest_version", "updated_time", "versions"],
            meta.Select(p => p.Key).Order());
        Assert.False(meta["cas_required"]!.GetValue<bool>());
        Assert.Equal("2025-03-22T02:24:06.9453192Z", meta["created_time"]!.GetValue<string>());
        Assert.Equal("2025-03-22T02:24:16.9453192Z", meta["updated_time"]!.GetValue<string>());
        Assert.Equal(2, meta["current_version"]!.GetValue<long>());
        Assert.Equal(0, meta["oldest_version"]!.GetValue<long>());
        Assert.Equal("0", meta["max_versions"]!.ToJsonString());
        Assert.Equal("0s", meta["delete_version_after"]!.GetValue<string>());
        Assert.Null(meta["custom_metadata"]);
        var v1 = meta["versions"]!["1"]!.AsObject();
        Assert.Equal(["created_time", "deletion_time", "destroyed"], v1.Select(p => p.Key).Order());
        Assert.Equal("2025-03-22T02:24:16.9453192Z", meta["versions"]!["2"]!["created_time"]!.GetValue<string>());
    }

    [Fact]
    public void Read_MissingKey_NotFound()
    {
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("metadata/nope")).ErrorCode);
    }

    [Fact]
    public void Write_Settings_ReadBackWithoutNewVersion()
    {
        _kv.Put("app", """{"v": "1"}""");

        var response = _kv.Handle(Requests.Write("metadata/app", """{"max_versions": 5, "cas_required": true, "delete_version_after": "3h25m19s", "custom_metadata": {"owner": "jdoe", "n": 5}}"""));
        var meta = _kv.Metadata("app");

        Assert.False(response.IsError);
        Assert.Equal("5", meta["max_versions"]!.ToJsonString());
        Assert.True(meta["cas_required"]!.GetValue<bool>());
        Assert.Equal("3h25m19s", meta["delete_version_after"]!.GetValue<string>());
        Assert.Equal("jdoe", meta["custom_metadata"]!["owner"]!.GetValue<string>());
        Assert.Equal("5", meta["custom_metadata"]!["n"]!.GetValue<string>());
        Assert.Equal(1, meta["current_version"]!.GetValue<long>());
    }

    [Fact]
    public void Write_NewKey_CreatesMetadataWithoutVersions()
    {
        _kv.Handle(Requests.Write("metadata/fresh", """{"max_versions": 3}"""));

        var meta = _kv.Metadata("fresh");

        Assert.Equal(0, meta["current_version"]!.GetValue<long>());
        Assert.Empty(meta["versions"]!.AsObject());
        Assert.Equal("2025-03-22T02:24:06.9453192Z", meta["created_time"]!.GetValue<string>());
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("data/fresh")).ErrorCode);
    }

    [Fact]
    public void Write_WrongTypes_BadRequestNamingField()
    {
        var maxVersions = _kv.Handle(Requests.Write("metadata/app", """{"max_versions": "many"}"""));
        var cas = _kv.Handle(Requests.Write("metadata/app", """{"cas_required": "perhaps"}"""));
        var custom = _kv.Handle(Requests.Write("metadata/app", """{"custom_metadata": ["a"]}"""));
        var negative = _kv.Handle(Requests.Write("metadata/app", """{"max_versions": -1}"""));

        Assert.Contains("\"max_versions\"", maxVersions.Errors[0]);
        Assert.Contains("\"cas_required\"", cas.Errors[0]);
        Assert.Contains("\"custom_metadata\"", custom.Errors[0]);
        Assert.Equal(ErrorCode.BadRequest, negative.ErrorCode);
    }

    [Fact]
    public void Write_TooManyCustomMetadataKeys_BadRequest()
    {
        var pairs = string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"k{i}\": \"v\""));

        var response = _kv.Handle(Requests.Write("metadata/app", "{\"custom_metadata\": {" + pairs + "}}"));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.StartsWith("custom_metadata validation failed", response.Errors[0]);
    }

    [Fact]
    public void Write_CasRequiredFalseWhileMountRequires_Warns()
    {
        _kv.Handle(Requests.Write("config", """{"cas_required": true}"""));

        var response = _kv.Handle(Requests.Write("metadata/app", """{"cas_required": false}"""));

        Assert.False(response.IsError);
        Assert.Single(response.Warnings);
    }

    [Fact]
    public void Patch_CustomMetadata_MergesAndNullRemoves()
    {
        _kv.Handle(Requests.Write("metadata/app", """{"max_versions": 4, "custom_metadata": {"a": "1", "b": "2"}}"""));

        var response = _kv.Handle(Requests.Patch("metadata/app", """{"custom_metadata": {"b": null, "c": "3"}}"""));
        var meta = _kv.Metadata("app");

        Assert.False(response.IsError);
        Assert.Equal("""{"a":"1","c":"3"}""", meta["custom_metadata"]!.ToJsonString());
        Assert.Equal("4", meta["max_versions"]!.ToJsonString());
    }

    [Fact]
    public void Patch_MissingKey_NotFound()
    {
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Patch("metadata/nope", """{"max_versions": 1}""")).ErrorCode);
    }

    [Fact]
    public void Delete_RemovesAllVersionsAndMetadata()
    {
        _kv.Put("app", """{"v": "1"}""");
        _kv.Put("app", """{"v": "2"}""");
        _kv.Put("other", """{"v": "x"}""");

        var response = _kv.Handle(Requests.Delete("metadata/app"));

        Assert.False(response.IsError);
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("metadata/app")).ErrorCode);
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("data/app", ("version", "1"))).ErrorCode);
        Assert.Equal(2, _kv.Storage.AllKeys.Count);
    }

    [Fact]
    public void List_Root_KeysAndFoldersSorted()
    {
        _kv.Put("foo", "{\"a\": \"1\"}");
        _kv.Put("foo/bar", "{\"a\": \"1\"}");
        _kv.Put("ai/openai", "{\"a\": \"1\"}");
        _kv.Put("ai/anthropic/key", "{\"a\": \"1\"}");

        var root = _kv.Handle(Requests.List("metadata/"));
        var bare = _kv.Handle(Requests.List("metadata"));
        var folder = _kv.Handle(Requests.List("metadata/ai/"));
        var noSlash = _kv.Handle(Requests.List("metadata/ai"));

        Assert.Equal("""{"keys":["ai/","foo","foo/"]}""", root.Data!.ToJsonString());
        Assert.Equal(root.Data.ToJsonString(), bare.Data!.ToJsonString());
        Assert.Equal("""{"keys":["anthropic/","openai"]}""", folder.Data!.ToJsonString());
        Assert.Equal(folder.Data.ToJsonString(), noSlash.Data!.ToJsonString());
    }

    [Fact]
    public void List_EmptyFolder_NotFound()
    {
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.List("metadata/none/")).ErrorCode);
    }

    [Fact]
    public void List_AfterMetadataDelete_KeyGone()
    {
        _kv.Put("a", "{\"x\": \"1\"}");
        _kv.Put("b", "{\"x\": \"1\"}");

        _kv.Handle(Requests.Delete("metadata/a"));

        Assert.Equal("""{"keys":["b"]}""", _kv.Handle(Requests.List("metadata/")).Data!.ToJsonString());
    }
}
