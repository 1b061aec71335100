using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Audit;

/// <summary>
/// Reads HCL-shaped configuration after HCL→JSON: labelled blocks (<c>alert "name" { ... }</c>)
/// arrive as <c>{"alert":{"name":{...}}}</c>, <c>{"alert":[{"name":{...}}]}</c> or
/// <c>{"alert":{"name":[{...}]}}</c>; all three are accepted.
/// </summary>
internal static class ConfigReader
{
    public static IEnumerable<(string Name, JsonObject Body)> Blocks(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var block in Blocks(item))
                    {
                        yield return block;
                    }
                }

                break;
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    switch (value)
                    {
                        case JsonObject body:
                            yield return (name, body);
                            break;
                        case JsonArray bodies:
                            foreach (var body in bodies.OfType<JsonObject>())
                            {
                                yield return (name, body);
                            }

                            break;
                    }
                }

                break;
        }
    }

    /// <summary>An unlabelled block (<c>alert_settings { ... }</c>), possibly wrapped in an array.</summary>
    public static JsonObject? Single(JsonNode? node) => node switch
    {
        JsonObject obj => obj,
        JsonArray { Count: > 0 } array => array[0] as JsonObject,
        _ => null,
    };

    public static string String(JsonObject body, string key, string fallback) =>
        body[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : fallback;

    public static bool TryLong(JsonObject body, string key, long fallback, out long value)
    {
        value = fallback;
        switch (body[key])
        {
            case null:
                return true;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                return long.TryParse(v.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return long.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }

    public static bool TryDuration(JsonObject body, string key, TimeSpan fallback, out TimeSpan value)
    {
        value = fallback;
        return body[key] switch
        {
            null => true,
            // Whole seconds; read through text so ints, longs and JsonElement numbers all work.
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => Durations.TryParse(v.ToJsonString(), out value),
            var node => Durations.TryParse(node, out value),
        };
    }

    public static bool TryBool(JsonObject body, string key, bool fallback, out bool value)
    {
        value = fallback;
        switch (body[key])
        {
            case null:
                return true;
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                value = v.GetValue<bool>();
                return true;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return bool.TryParse(v.GetValue<string>(), out value);
            default:
                return false;
        }
    }

    /// <summary>A list of strings; a single string is a one-element list.</summary>
    public static IReadOnlyList<string>? Strings(JsonObject body, string key, IReadOnlyList<string> fallback) => body[key] switch
    {
        null => fallback,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray a when a.All(i => i is JsonValue iv && iv.GetValueKind() == JsonValueKind.String) => [.. a.Select(i => i!.GetValue<string>())],
        _ => null,
    };
}
