using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests;

/// <summary>Builds logical requests the way the router hands them to a backend.</summary>
public static class Requests
{
    public static LogicalRequest Make(Operation operation, string path, string? json = null, IReadOnlyDictionary<string, string>? query = null, string? scope = null) => new()
    {
        Operation = operation,
        Path = path,
        MountPoint = "secret/",
        Data = json is null ? [] : JsonNode.Parse(json)!.AsObject(),
        Query = query ?? new Dictionary<string, string>(),
        TokenScope = scope,
    };

    public static LogicalRequest Read(string path, params (string Key, string Value)[] query) =>
        Make(Operation.Read, path, query: query.ToDictionary(q => q.Key, q => q.Value));

    public static LogicalRequest Write(string path, string json) => Make(Operation.Update, path, json);

    public static LogicalRequest Patch(string path, string json) => Make(Operation.Patch, path, json);

    public static LogicalRequest Delete(string path) => Make(Operation.Delete, path);

    public static LogicalRequest List(string path) => Make(Operation.List, path);

    /// <summary>A random, obviously fake secret value generated at run time.</summary>
    public static string FakeSecret(string prefix = "fake-") => prefix + Guid.NewGuid().ToString("N");
}
