using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

public sealed class ConfigPathTests
{
    private readonly KvV2Fixture _kv = new();

    [Fact]
    public void Read_Default_ZeroValues()
    {
        var response = _kv.Handle(Requests.Read("config"));

        Assert.Equal("""{"cas_required":false,"delete_version_after":"0s","max_versions":0}""", response.Data!.ToJsonString());
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var write = _kv.Handle(Requests.Write("config", """{"max_versions": 5, "cas_required": true, "delete_version_after": "3h25m19s"}"""));

        var response = _kv.Handle(Requests.Read("config"));

        Assert.False(write.IsError);
        Assert.Null(write.Data);
        Assert.Equal("""{"cas_required":true,"delete_version_after":"3h25m19s","max_versions":5}""", response.Data!.ToJsonString());
    }

    [Fact]
    public void Write_PartialUpdate_KeepsOtherSettings()
    {
        _kv.Handle(Requests.Write("config", """{"max_versions": 5, "cas_required": true}"""));

        _kv.Handle(Requests.Write("config", """{"delete_version_after": 60}"""));

        Assert.Equal("""{"cas_required":true,"delete_version_after":"1m0s","max_versions":5}""", _kv.Handle(Requests.Read("config")).Data!.ToJsonString());
    }

    [Fact]
    public void Write_WrongTypes_BadRequestNamingField()
    {
        var duration = _kv.Handle(Requests.Write("config", """{"delete_version_after": "soon"}"""));
        var max = _kv.Handle(Requests.Write("config", """{"max_versions": true}"""));

        Assert.Equal(ErrorCode.BadRequest, duration.ErrorCode);
        Assert.Contains("\"delete_version_after\"", duration.Errors[0]);
        Assert.Contains("\"max_versions\"", max.Errors[0]);
    }

    [Fact]
    public void Delete_Config_Unsupported()
    {
        Assert.Equal(ErrorCode.UnsupportedOperation, _kv.Handle(Requests.Delete("config")).ErrorCode);
    }
}
