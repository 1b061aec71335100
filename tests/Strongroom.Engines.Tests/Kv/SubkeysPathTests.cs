using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

public sealed class SubkeysPathTests
{
    private readonly KvV2Fixture _kv = new();

    [Fact]
    public void Read_DocsSample_LeavesNullAndEmptyMapNull()
    {
        _kv.Put("app", """{"foo": "abc", "bar": {"baz": "def"}, "quux": {}}""");

        var response = _kv.Handle(Requests.Read("subkeys/app"));

        Assert.Equal("""{"foo":null,"bar":{"baz":null},"quux":null}""", response.Data!["subkeys"]!.ToJsonString());
        Assert.Equal(1, response.Data["metadata"]!["version"]!.GetValue<long>());
        Assert.Null(response.Data["metadata"]!["custom_metadata"]);
    }

    [Fact]
    public void Read_Depth_TreatsKeysAtDepthAsLeaves()
    {
        _kv.Put("app", """{"a": {"b": {"c": {"d": "secret"}}}, "top": [1, 2]}""");

        var depth1 = _kv.Handle(Requests.Read("subkeys/app", ("depth", "1"))).Data!["subkeys"]!.ToJsonString();
        var depth2 = _kv.Handle(Requests.Read("subkeys/app", ("depth", "2"))).Data!["subkeys"]!.ToJsonString();
        var unlimited = _kv.Handle(Requests.Read("subkeys/app", ("depth", "0"))).Data!["subkeys"]!.ToJsonString();

        Assert.Equal("""{"a":null,"top":null}""", depth1);
        Assert.Equal("""{"a":{"b":null},"top":null}""", depth2);
        Assert.Equal("""{"a":{"b":{"c":{"d":null}}},"top":null}""", unlimited);
    }

    [Fact]
    public void Read_Version_UsesThatVersion()
    {
        _kv.Put("app", """{"old": "1"}""");
        _kv.Put("app", """{"new": "2"}""");

        var response = _kv.Handle(Requests.Read("subkeys/app", ("version", "1")));

        Assert.Equal("""{"old":null}""", response.Data!["subkeys"]!.ToJsonString());
    }

    [Fact]
    public void Read_DeletedVersion_NotFoundWithMetadata()
    {
        _kv.Put("app", """{"a": "1"}""");
        _kv.Handle(Requests.Delete("data/app"));
        _kv.Clock.Advance(TimeSpan.FromSeconds(1));

        var response = _kv.Handle(Requests.Read("subkeys/app"));

        Assert.Equal(ErrorCode.NotFound, response.ErrorCode);
        Assert.Null(response.Data!["subkeys"]);
        Assert.NotEqual("", response.Data["metadata"]!["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public void Read_NegativeDepth_BadRequest()
    {
        _kv.Put("app", """{"a": "1"}""");

        var response = _kv.Handle(Requests.Read("subkeys/app", ("depth", "-1")));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains("depth", response.Errors[0]);
    }

    [Fact]
    public void Read_MissingKey_NotFound()
    {
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read("subkeys/none")).ErrorCode);
    }
}
