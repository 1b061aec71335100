using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

public sealed class KvV2BackendTests
{
    private readonly KvV2Fixture _kv = new();

    [Theory]
    [InlineData("nothing/here")]
    [InlineData("data/")]
    [InlineData("data")]
    [InlineData("data/dir/")]
    [InlineData("config/extra")]
    [InlineData("")]
    public void Handle_UnknownPath_NotFound(string path)
    {
        Assert.Equal(ErrorCode.NotFound, _kv.Handle(Requests.Read(path)).ErrorCode);
    }

    [Theory]
    [InlineData("data/a/../b")]
    [InlineData("data/a//b")]
    [InlineData("data/a/\u0001")]
    [InlineData("metadata/./x")]
    public void Handle_InvalidKeyPath_BadRequest(string path)
    {
        var response = _kv.Handle(Requests.Write(path, """{"data": {"a": "b"}}"""));

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Empty(_kv.Storage.AllKeys);
    }

    [Fact]
    public void Handle_ListOnData_Unsupported()
    {
        _kv.Put("app", """{"a": "1"}""");

        Assert.Equal(ErrorCode.UnsupportedOperation, _kv.Handle(Requests.List("data/app")).ErrorCode);
    }

    [Fact]
    public void Handle_PatchOnSubkeys_Unsupported()
    {
        Assert.Equal(ErrorCode.UnsupportedOperation, _kv.Handle(Requests.Patch("subkeys/app", """{"data": {}}""")).ErrorCode);
    }

    [Fact]
    public async Task ExistsAsync_DataAndMetadata_ReflectKeyMetadata()
    {
        var before = await _kv.Backend.ExistsAsync(Requests.Write("data/app", "{}"), CancellationToken.None);
        _kv.Put("app", """{"a": "1"}""");
        var afterData = await _kv.Backend.ExistsAsync(Requests.Write("data/app", "{}"), CancellationToken.None);
        var afterMetadata = await _kv.Backend.ExistsAsync(Requests.Write("metadata/app", "{}"), CancellationToken.None);
        var other = await _kv.Backend.ExistsAsync(Requests.Write("metadata/other", "{}"), CancellationToken.None);
        var config = await _kv.Backend.ExistsAsync(Requests.Write("config", "{}"), CancellationToken.None);

        Assert.False(before);
        Assert.True(afterData);
        Assert.True(afterMetadata);
        Assert.False(other);
        Assert.True(config);
    }

    [Fact]
    public void Handle_CreateOperation_WritesLikeUpdate()
    {
        var response = _kv.Handle(Requests.Make(Operation.Create, "data/app", """{"data": {"a": "1"}}"""));

        Assert.Equal(1, response.Data!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_ConcurrentCasOnSameVersion_ExactlyOneWins()
    {
        var kv = new KvV2Fixture(yieldingStorage: true);
        kv.Put("race", """{"v": "0"}""");
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await kv.HandleAsync(Requests.Write("data/race", $$$"""{"options": {"cas": 1}, "data": {"v": "{{{i}}}"} }"""));
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(tasks);

        Assert.Single(responses, r => !r.IsError);
        Assert.Equal(15, responses.Count(r => r.ErrorCode == ErrorCode.BadRequest));
        Assert.Equal(2, kv.Metadata("race")["current_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_ConcurrentWithoutCas_NoVersionLost()
    {
        var kv = new KvV2Fixture(yieldingStorage: true);
        var tasks = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            kv.HandleAsync(Requests.Write("data/busy", $$$"""{"data": {"v": "{{{i}}}"} }""")))).ToList();
        var responses = await Task.WhenAll(tasks);

        Assert.All(responses, r => Assert.False(r.IsError));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), responses.Select(r => r.Data!["version"]!.GetValue<long>()).Order());
        Assert.Equal(20, kv.Metadata("busy")["current_version"]!.GetValue<long>());
    }
}
