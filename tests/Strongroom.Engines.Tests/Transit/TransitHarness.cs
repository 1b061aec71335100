using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Engines.Transit;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Transit;

/// <summary>A transit backend on in-memory storage with a manual clock, driven like the router does.</summary>
public sealed class TransitHarness
{
    public InMemoryStorageView Storage { get; }

    public ManualClock Clock { get; } = new();

    internal TransitBackend Backend { get; }

    public TransitHarness(bool yieldOnStorageAccess = false)
    {
        Storage = new InMemoryStorageView { YieldOnAccess = yieldOnStorageAccess };
        Backend = new TransitBackend(new MountContext { Storage = Storage, Clock = Clock, MountPoint = "transit/" });
    }

    /// <summary>A write, as Create when the target does not exist (like the pipeline's existence check).</summary>
    public LogicalResponse Write(string path, object? body = null)
    {
        var json = body switch
        {
            null => null,
            string s => s,
            _ => System.Text.Json.JsonSerializer.Serialize(body),
        };
        var request = Requests.Make(Operation.Update, path, json);
        request.Operation = Backend.ExistsAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult() ? Operation.Update : Operation.Create;
        return Handle(request);
    }

    /// <summary>A write forced to Update (a caller with only the "update" capability).</summary>
    public LogicalResponse Update(string path, object body) =>
        Handle(Requests.Make(Operation.Update, path, System.Text.Json.JsonSerializer.Serialize(body)));

    public LogicalResponse Read(string path) => Handle(Requests.Read(path));

    public LogicalResponse List(string path) => Handle(Requests.List(path));

    public LogicalResponse Delete(string path) => Handle(Requests.Delete(path));

    public LogicalResponse Handle(LogicalRequest request) =>
        Backend.HandleAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public string Encrypt(string key, string plaintext, object? extra = null)
    {
        var body = Merge(new JsonObject { ["plaintext"] = B64(plaintext) }, extra);
        var response = Write("encrypt/" + key, body.ToJsonString());
        Assert.False(response.IsError, string.Join(";", response.Errors));
        return (string)response.Data!["ciphertext"]!;
    }

    public string Decrypt(string key, string ciphertext, object? extra = null)
    {
        var body = Merge(new JsonObject { ["ciphertext"] = ciphertext }, extra);
        var response = Write("decrypt/" + key, body.ToJsonString());
        Assert.False(response.IsError, string.Join(";", response.Errors));
        return Encoding.UTF8.GetString(Convert.FromBase64String((string)response.Data!["plaintext"]!));
    }

    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static JsonObject Merge(JsonObject body, object? extra)
    {
        if (extra is not null)
        {
            foreach (var (k, v) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject())
            {
                body[k] = v?.DeepClone();
            }
        }

        return body;
    }
}
