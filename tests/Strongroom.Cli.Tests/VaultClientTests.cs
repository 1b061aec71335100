using System.Net;
using System.Text.Json.Nodes;
using Strongroom.Client;

namespace Strongroom.Cli.Tests;

public sealed class VaultClientTests : IDisposable
{
    private readonly StubVaultServer _server = new();
    private readonly string _token = "s.test-" + Guid.NewGuid().ToString("N");

    public void Dispose() => _server.Dispose();

    private VaultClient Client(string? ns = null) => new(new VaultClientSettings
    {
        Address = new Uri(_server.Address),
        Token = _token,
        Namespace = ns,
    });

    [Fact]
    public async Task ReadAsync_Envelope_ParsesFieldsAndSendsTokenHeader()
    {
        _server.On("GET", "secret/data/app", 200, """{"request_id":"r1","lease_id":"l1","renewable":true,"lease_duration":60,"data":{"k":"v"},"warnings":["w"]}""");
        using var client = Client("team-a");
        var response = await client.ReadAsync("secret/data/app");
        Assert.NotNull(response);
        Assert.Equal("r1", response.RequestId);
        Assert.Equal("l1", response.LeaseId);
        Assert.True(response.Renewable);
        Assert.Equal(60, response.LeaseDuration);
        Assert.Equal("v", response.Data!["k"]!.GetValue<string>());
        Assert.Equal(["w"], response.Warnings);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(_token, request.Token);
        Assert.Equal("team-a", request.Namespace);
        Assert.Equal("/v1/secret/data/app", request.Path);
    }

    [Fact]
    public async Task ReadAsync_NotFound_ReturnsNull()
    {
        using var client = Client();
        Assert.Null(await client.ReadAsync("secret/data/missing"));
    }

    [Fact]
    public async Task ReadAsync_Query_IsEscaped()
    {
        _server.On("GET", "secret/data/app", 200, """{"data":{}}""");
        using var client = Client();
        await client.ReadAsync("secret/data/app", new Dictionary<string, string> { ["version"] = "2" });
        Assert.Equal("?version=2", Assert.Single(_server.Requests).Query);
    }

    [Fact]
    public async Task ListAsync_UsesListMethod()
    {
        _server.On("LIST", "secret/metadata/", 200, """{"data":{"keys":["a","b/"]}}""");
        using var client = Client();
        var response = await client.ListAsync("secret/metadata/");
        Assert.Equal("LIST", Assert.Single(_server.Requests).Method);
        Assert.Equal(2, ((JsonArray)response!.Data!["keys"]!).Count);
    }

    [Fact]
    public async Task WriteAsync_SendsJsonBodyWithPut()
    {
        _server.On("PUT", "secret/data/app", 204, string.Empty);
        using var client = Client();
        var result = await client.WriteAsync("secret/data/app", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } });
        Assert.Null(result);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("""{"data":{"k":"v"}}""", request.Body);
    }

    [Fact]
    public async Task PatchAsync_UsesMergePatchContentType()
    {
        _server.On("PATCH", "secret/data/app", 200, """{"data":{"version":2}}""");
        using var client = Client();
        await client.PatchAsync("secret/data/app", new JsonObject { ["data"] = new JsonObject() });
        Assert.StartsWith("application/merge-patch+json", Assert.Single(_server.Requests).ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_ServerError_ThrowsWithStatusAndErrorsButNoToken()
    {
        _server.On("DELETE", "secret/data/app", 403, """{"errors":["permission denied"]}""");
        using var client = Client();
        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.DeleteAsync("secret/data/app"));
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(["permission denied"], error.Errors);
        Assert.Contains("Code: 403", error.Message, StringComparison.Ordinal);
        Assert.Contains("* permission denied", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_NotFound_Throws()
    {
        using var client = Client();
        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.WriteAsync("nope/x", new JsonObject { ["k"] = "v" }));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_BareObject_IsTreatedAsData()
    {
        _server.On("GET", "sys/seal-status", 200, """{"sealed":false,"t":1,"n":1}""");
        using var client = Client();
        var response = await client.ReadAsync("sys/seal-status");
        Assert.False(response!.Data!["sealed"]!.GetValue<bool>());
    }

    [Fact]
    public void BuildUri_SegmentsEscaped_SlashesKept()
    {
        using var client = Client();
        Assert.Equal("/v1/secret/data/a%20b/c", client.BuildUri("secret/data/a b/c", null).AbsolutePath);
        Assert.EndsWith("/v1/secret/metadata/", client.BuildUri("secret/metadata/", null).AbsoluteUri, StringComparison.Ordinal);
    }
}
