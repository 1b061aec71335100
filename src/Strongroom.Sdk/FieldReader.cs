using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Sdk;

/// <summary>
/// Typed access to request fields with Vault's lenient coercions (a number may come as a
/// string, a bool as "true", a list as a comma-separated string). A wrong type becomes a
/// <see cref="FieldException"/> naming the field, which backends turn into a 400.
/// </summary>
public static class FieldReader
{
    public static string? GetString(this JsonObject data, string name)
    {
        var node = data[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v)
        {
            return v.GetValueKind() switch
            {
                JsonValueKind.String => v.GetValue<string>(),
                JsonValueKind.Number => v.ToJsonString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw new FieldException(name, "a string"),
            };
        }

        throw new FieldException(name, "a string");
    }

    public static long? GetInt(this JsonObject data, string name)
    {
        var node = data[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n))
            {
                return n;
            }

            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < long.MaxValue)
            {
                return (long)d;
            }

            if (v.GetValueKind() == JsonValueKind.String
                && long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
            {
                return s;
            }
        }

        throw new FieldException(name, "an integer");
    }

    public static bool? GetBool(this JsonObject data, string name)
    {
        var node = data[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when bool.TryParse(v.GetValue<string>(), out var b):
                    return b;
                case JsonValueKind.String when v.GetValue<string>() is "1" or "0":
                    return v.GetValue<string>() == "1";
                case JsonValueKind.Number when v.TryGetValue<long>(out var n) && n is 0 or 1:
                    return n == 1;
            }
        }

        throw new FieldException(name, "a boolean");
    }

    public static TimeSpan? GetDuration(this JsonObject data, string name)
    {
        var node = data[name];
        if (node is null)
        {
            return null;
        }

        return Durations.TryParse(node, out var value) ? value : throw new FieldException(name, "a duration");
    }

    /// <summary>A list of strings: a JSON array of strings, or a comma-separated string.</summary>
    public static List<string>? GetStringList(this JsonObject data, string name)
    {
        var node = data[name];
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                var list = new List<string>(array.Count);
                foreach (var item in array)
                {
                    if (item is JsonValue iv && iv.GetValueKind() == JsonValueKind.String)
                    {
                        list.Add(iv.GetValue<string>().Trim());
                    }
                    else if (item is JsonValue nv && nv.GetValueKind() == JsonValueKind.Number)
                    {
                        list.Add(nv.ToJsonString());
                    }
                    else
                    {
                        throw new FieldException(name, "a list of strings");
                    }
                }

                return list;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>()
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .ToList();
            default:
                throw new FieldException(name, "a list of strings");
        }
    }

    /// <summary>A map of string to string: a JSON object whose values are strings (or scalars).</summary>
    public static Dictionary<string, string>? GetStringMap(this JsonObject data, string name)
    {
        var node = data[name];
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    map[key] = value switch
                    {
                        JsonValue sv when sv.GetValueKind() == JsonValueKind.String => sv.GetValue<string>(),
                        JsonValue other when other.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => other.ToJsonString(),
                        _ => throw new FieldException(name, "a map of strings"),
                    };
                }

                return map;
            default:
                throw new FieldException(name, "a map of strings");
        }
    }

    public static JsonObject? GetObject(this JsonObject data, string name) => data[name] switch
    {
        null => null,
        JsonObject obj => obj,
        _ => throw new FieldException(name, "an object"),
    };
}
