using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Client;

/// <summary>The Vault JSON response envelope (<c>request_id</c>, <c>lease_id</c>, <c>data</c>, <c>auth</c>, ...).</summary>
public sealed class VaultResponse
{
    private static readonly string[] EnvelopeKeys = ["request_id", "lease_id", "data", "auth", "wrap_info", "warnings"];

    private VaultResponse(JsonObject raw)
    {
        Raw = raw;
        var isEnvelope = EnvelopeKeys.Any(raw.ContainsKey);
        RequestId = GetString(raw, "request_id");
        LeaseId = GetString(raw, "lease_id");
        Renewable = raw["renewable"] is JsonValue r && r.TryGetValue(out bool b) && b;
        LeaseDuration = raw["lease_duration"] is JsonValue d && d.TryGetValue(out long l) ? l : 0;
        // Some endpoints (sys/seal-status, sys/init) answer with a bare object: treat it as the data.
        Data = isEnvelope ? raw["data"] as JsonObject : raw;
        Warnings = raw["warnings"] is JsonArray w
            ? w.Select(x => x?.ToString() ?? string.Empty).ToArray()
            : [];
        Auth = raw["auth"] as JsonObject;
        WrapInfo = raw["wrap_info"] as JsonObject;
    }

    public string? RequestId { get; }

    public string? LeaseId { get; }

    public bool Renewable { get; }

    /// <summary>Lease duration in seconds.</summary>
    public long LeaseDuration { get; }

    public JsonObject? Data { get; }

    public IReadOnlyList<string> Warnings { get; }

    public JsonObject? Auth { get; }

    public JsonObject? WrapInfo { get; }

    /// <summary>The whole JSON object as received.</summary>
    public JsonObject Raw { get; }

    /// <summary>Parses a response body; an empty body yields an empty envelope.</summary>
    public static VaultResponse Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new VaultResponse([]);
        }

        var node = JsonNode.Parse(json);
        return node is JsonObject obj
            ? new VaultResponse(obj)
            : throw new JsonException("Vault response is not a JSON object.");
    }

    /// <summary>Wraps an object already parsed (used when a command reshapes a response).</summary>
    public static VaultResponse FromObject(JsonObject raw) => new(raw);

    public override string ToString() => $"VaultResponse(request_id={RequestId})";

    private static string? GetString(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
