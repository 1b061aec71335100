using System.Text.Json.Nodes;
using Strongroom.Engines.Kv;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

/// <summary>A KV v2 mount over an in-memory view and a manual clock.</summary>
public sealed class KvV2Fixture
{
    public KvV2Fixture(bool yieldingStorage = false)
    {
        Storage = new InMemoryStorageView { YieldOnAccess = yieldingStorage };
        Backend = new KvV2Backend(new MountContext { Storage = Storage, Clock = Clock, MountPoint = "secret/", Options = new Dictionary<string, string> { ["version"] = "2" } });
    }

    public InMemoryStorageView Storage { get; }

    public ManualClock Clock { get; } = new();

    internal KvV2Backend Backend { get; }

    public LogicalResponse Handle(LogicalRequest request) => Backend.HandleAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public async Task<LogicalResponse> HandleAsync(LogicalRequest request) => await Backend.HandleAsync(request, CancellationToken.None);

    /// <summary>Writes {"data": data} to data/path and asserts success.</summary>
    public LogicalResponse Put(string path, string dataJson)
    {
        var response = Handle(Requests.Write("data/" + path, $$"""{"data": {{dataJson}}}"""));
        Assert.False(response.IsError, string.Join(";", response.Errors));
        return response;
    }

    public JsonObject Metadata(string path)
    {
        var response = Handle(Requests.Read("metadata/" + path));
        Assert.False(response.IsError);
        return response.Data!;
    }
}
