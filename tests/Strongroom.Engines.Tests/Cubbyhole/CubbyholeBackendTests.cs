using Strongroom.Engines.Cubbyhole;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Cubbyhole;

public sealed class CubbyholeBackendTests
{
    private readonly InMemoryStorageView _storage = new();
    private readonly CubbyholeBackend _backend;

    public CubbyholeBackendTests()
    {
        _backend = new CubbyholeBackend(new MountContext { Storage = _storage, MountPoint = "cubbyhole/" });
    }

    private LogicalResponse Handle(Operation operation, string path, string? scope, string? json = null) =>
        _backend.HandleAsync(Requests.Make(operation, path, json, scope: scope), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [Fact]
    public void Write_ThenRead_SameToken_ReturnsDataWithoutLease()
    {
        var secret = Requests.FakeSecret();
        var write = Handle(Operation.Create, "mine", "tokenA", $$"""{"value": "{{secret}}"}""");

        var read = Handle(Operation.Read, "mine", "tokenA");

        Assert.False(write.IsError);
        Assert.Equal($$"""{"value":"{{secret}}"}""", read.Data!.ToJsonString());
        Assert.Null(read.Secret);
    }

    [Fact]
    public void Read_OtherToken_NeverSeesData()
    {
        Handle(Operation.Create, "shared-name", "tokenA", """{"a": "1"}""");
        Handle(Operation.Create, "dir/x", "tokenA", """{"a": "1"}""");

        Assert.Equal(ErrorCode.NotFound, Handle(Operation.Read, "shared-name", "tokenB").ErrorCode);
        Assert.Equal(ErrorCode.NotFound, Handle(Operation.List, "", "tokenB").ErrorCode);
        Handle(Operation.Delete, "shared-name", "tokenB");
        Assert.False(Handle(Operation.Read, "shared-name", "tokenA").IsError);
    }

    [Fact]
    public void Handle_NoTokenScope_PermissionDenied()
    {
        var response = Handle(Operation.Read, "mine", null);

        Assert.Equal(ErrorCode.PermissionDenied, response.ErrorCode);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("x\u0000")]
    public void Handle_MalformedTokenScope_BadRequestAndNothingStored(string scope)
    {
        var response = Handle(Operation.Create, "mine", scope, """{"a": "1"}""");

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Empty(_storage.AllKeys);
    }

    [Fact]
    public void List_OwnKeys_FoldersSuffixed()
    {
        Handle(Operation.Create, "a", "tokenA", """{"v": "1"}""");
        Handle(Operation.Create, "b/c", "tokenA", """{"v": "1"}""");

        Assert.Equal("""{"keys":["a","b/"]}""", Handle(Operation.List, "", "tokenA").Data!.ToJsonString());
        Assert.Equal("""{"keys":["c"]}""", Handle(Operation.List, "b", "tokenA").Data!.ToJsonString());
    }

    [Fact]
    public void Delete_RemovesEntry()
    {
        Handle(Operation.Create, "a", "tokenA", """{"v": "1"}""");

        Assert.False(Handle(Operation.Delete, "a", "tokenA").IsError);

        Assert.Equal(ErrorCode.NotFound, Handle(Operation.Read, "a", "tokenA").ErrorCode);
    }

    [Fact]
    public void Write_EmptyBody_BadRequest()
    {
        Assert.Equal(ErrorCode.BadRequest, Handle(Operation.Update, "a", "tokenA", "{}").ErrorCode);
    }

    [Fact]
    public void Write_InvalidPath_BadRequest()
    {
        Assert.Equal(ErrorCode.BadRequest, Handle(Operation.Update, "a/../b", "tokenA", """{"v": "1"}""").ErrorCode);
    }

    [Fact]
    public async Task TokenRevokedAsync_DeletesEverythingOfThatTokenOnly()
    {
        Handle(Operation.Create, "a", "tokenA", """{"v": "1"}""");
        Handle(Operation.Create, "deep/er/still", "tokenA", """{"v": "1"}""");
        Handle(Operation.Create, "deep/x", "tokenA", """{"v": "1"}""");
        Handle(Operation.Create, "a", "tokenB", """{"v": "2"}""");

        await _backend.TokenRevokedAsync("tokenA", CancellationToken.None);

        Assert.Equal(["tokenB/a"], _storage.AllKeys);
        Assert.Equal(ErrorCode.NotFound, Handle(Operation.Read, "a", "tokenA").ErrorCode);
        Assert.False(Handle(Operation.Read, "a", "tokenB").IsError);
    }

    [Fact]
    public async Task ExistsAsync_PerToken()
    {
        Handle(Operation.Create, "a", "tokenA", """{"v": "1"}""");

        Assert.True(await _backend.ExistsAsync(Requests.Make(Operation.Update, "a", scope: "tokenA"), CancellationToken.None));
        Assert.False(await _backend.ExistsAsync(Requests.Make(Operation.Update, "a", scope: "tokenB"), CancellationToken.None));
    }
}
