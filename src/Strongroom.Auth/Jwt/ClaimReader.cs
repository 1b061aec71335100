using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Auth.Jwt;

/// <summary>
/// Reads claims from a JWT payload by name, or by JSON pointer when the name starts with '/'
/// (RFC 6901, as Vault does for bound_claims, claim_mappings and groups_claim).
/// </summary>
internal static class ClaimReader
{
    public static JsonNode? Get(JsonObject claims, string nameOrPointer, bool forcePointer = false)
    {
        if (!forcePointer && !nameOrPointer.StartsWith('/'))
        {
            return claims[nameOrPointer];
        }

        JsonNode? current = claims;
        foreach (var raw in nameOrPointer.TrimStart('/').Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject obj => obj[segment],
                JsonArray arr when int.TryParse(segment, out var i) && i >= 0 && i < arr.Count => arr[i],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>A scalar claim as text (string, number or bool); null for objects, arrays or absent claims.</summary>
    public static string? AsScalar(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    /// <summary>A scalar or array claim as a list of texts; null when it holds objects or is absent.</summary>
    public static List<string>? AsList(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            var values = array.Select(AsScalar).ToList();
            return values.Any(v => v is null) ? null : values.Select(v => v!).ToList();
        }

        return AsScalar(node) is { } single ? [single] : null;
    }

    /// <summary>A NumericDate claim (seconds since the epoch) or null.</summary>
    public static DateTimeOffset? AsTime(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var seconds)
            && seconds is > -62135596800 and < 253402300799
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;
}
