using Strongroom.Engines.Kv;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

public sealed class KvV1BackendTests
{
    private static readonly TimeSpan MountDefault = TimeSpan.FromHours(768);
    private readonly InMemoryStorageView _storage = new();
    private readonly KvV1Backend _backend;

    public KvV1BackendTests()
    {
        _backend = new KvV1Backend(new MountContext { Storage = _storage, Ttls = () => new MountTtls(MountDefault, MountDefault) });
    }

    private LogicalResponse Handle(LogicalRequest request) => _backend.HandleAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [Fact]
    public void Write_ThenRead_ReturnsObjectWithMountDefaultLeaseDuration()
    {
        var secret = Requests.FakeSecret("sk-");
        var write = Handle(Requests.Write("ai/openai", $$"""{"api-key": "{{secret}}", "n": 2}"""));

        var read = Handle(Requests.Read("ai/openai"));

        Assert.False(write.IsError);
        Assert.Null(write.Data);
        Assert.Equal($$"""{"api-key":"{{secret}}","n":2}""", read.Data!.ToJsonString());
        Assert.Equal(MountDefault, read.Secret!.Ttl);
        Assert.False(read.Secret.Register);
        Assert.False(read.Secret.Renewable);
    }

    [Theory]
    [InlineData("\"1h\"", 3600)]
    [InlineData("90", 90)]
    [InlineData("\"30m\"", 1800)]
    public void Read_TtlField_BecomesLeaseDurationAndStaysInData(string ttl, int seconds)
    {
        Handle(Requests.Write("app", $$"""{"foo": "bar", "ttl": {{ttl}}}"""));

        var read = Handle(Requests.Read("app"));

        Assert.Equal(TimeSpan.FromSeconds(seconds), read.Secret!.Ttl);
        Assert.False(read.Secret.Register);
        Assert.NotNull(read.Data!["ttl"]);
    }

    [Fact]
    public void Write_UnparsableTtl_BadRequestNamingField()
    {
        var response = Handle(Requests.Write("app", """{"foo": "bar", "ttl": "soon"}"""));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains("\"ttl\"", response.Errors[0]);
        Assert.Empty(_storage.AllKeys);
    }

    [Fact]
    public void Write_EmptyBody_BadRequest()
    {
        Assert.Equal(ErrorCode.BadRequest, Handle(Requests.Write("app", "{}")).ErrorCode);
    }

    [Fact]
    public void Write_Again_Overwrites()
    {
        Handle(Requests.Write("app", """{"a": "1", "b": "2"}"""));
        Handle(Requests.Write("app", """{"a": "3"}"""));

        Assert.Equal("""{"a":"3"}""", Handle(Requests.Read("app")).Data!.ToJsonString());
    }

    [Fact]
    public void Read_Missing_NotFound()
    {
        Assert.Equal(ErrorCode.NotFound, Handle(Requests.Read("nope")).ErrorCode);
    }

    [Fact]
    public void Delete_Existing_ThenReadNotFound()
    {
        Handle(Requests.Write("app", """{"a": "1"}"""));

        var response = Handle(Requests.Delete("app"));

        Assert.False(response.IsError);
        Assert.Equal(ErrorCode.NotFound, Handle(Requests.Read("app")).ErrorCode);
        Assert.Empty(_storage.AllKeys);
    }

    [Fact]
    public void List_RootAndFolder_KeysWithFoldersSuffixed()
    {
        Handle(Requests.Write("foo", """{"a": "1"}"""));
        Handle(Requests.Write("foo/bar", """{"a": "1"}"""));
        Handle(Requests.Write("foo/baz/qux", """{"a": "1"}"""));

        Assert.Equal("""{"keys":["foo","foo/"]}""", Handle(Requests.List("")).Data!.ToJsonString());
        Assert.Equal("""{"keys":["bar","baz/"]}""", Handle(Requests.List("foo/")).Data!.ToJsonString());
        Assert.Equal("""{"keys":["bar","baz/"]}""", Handle(Requests.List("foo")).Data!.ToJsonString());
    }

    [Fact]
    public void List_Empty_NotFound()
    {
        Assert.Equal(ErrorCode.NotFound, Handle(Requests.List("nothing/")).ErrorCode);
    }

    [Theory]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    [InlineData("dir/")]
    public void Write_InvalidPath_BadRequest(string path)
    {
        Assert.Equal(ErrorCode.BadRequest, Handle(Requests.Write(path, """{"a": "1"}""")).ErrorCode);
    }

    [Fact]
    public void Patch_Unsupported()
    {
        Assert.Equal(ErrorCode.UnsupportedOperation, Handle(Requests.Patch("app", """{"a": "1"}""")).ErrorCode);
    }

    [Fact]
    public async Task ExistsAsync_ReflectsStoredKey()
    {
        var before = await _backend.ExistsAsync(Requests.Write("app", "{}"), CancellationToken.None);
        Handle(Requests.Write("app", """{"a": "1"}"""));
        var after = await _backend.ExistsAsync(Requests.Write("app", "{}"), CancellationToken.None);

        Assert.False(before);
        Assert.True(after);
    }
}
