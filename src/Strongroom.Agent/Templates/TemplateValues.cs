using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Agent.Templates;

/// <summary>Conversions and Go semantics (truth, printing, comparison) for template values.</summary>
public static class TemplateValues
{
    /// <summary>JSON → template values: objects become dictionaries, arrays lists, integral numbers long.</summary>
    public static object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    map[key] = FromJson(value);
                }

                return map;
            case JsonArray array:
                return array.Select(FromJson).ToList();
            default:
                var element = node.AsValue().GetValue<JsonElement>();
                return element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number when element.TryGetInt64(out var l) => l,
                    JsonValueKind.Number => element.GetDouble(),
                    _ => null,
                };
        }
    }

    /// <summary>Template value → JSON (maps with sorted keys, as Go's encoding/json).</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null or NoValue => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        IReadOnlyDictionary<string, object?> map => new JsonObject(map.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        IReadOnlyList<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>Go's truth: false, 0, nil, and empty strings, lists and maps are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null or NoValue => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        IReadOnlyDictionary<string, object?> map => map.Count > 0,
        IReadOnlyList<object?> list => list.Count > 0,
        _ => true,
    };

    /// <summary>Go's %v.</summary>
    public static string Print(object? value)
    {
        var builder = new StringBuilder();
        Print(builder, value);
        return builder.ToString();
    }

    internal static void Print(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("<nil>");
                break;
            case NoValue:
                builder.Append("<no value>");
                break;
            case string s:
                builder.Append(s);
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case double d:
                builder.Append(FormatDouble(d));
                break;
            case IReadOnlyDictionary<string, object?> map:
                builder.Append("map[");
                var first = true;
                foreach (var key in map.Keys.Order(StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(' ');
                    }

                    first = false;
                    builder.Append(key).Append(':');
                    Print(builder, map[key]);
                }

                builder.Append(']');
                break;
            case IReadOnlyList<object?> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    Print(builder, list[i]);
                }

                builder.Append(']');
                break;
            case IFormattable formattable:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                builder.Append(value);
                break;
        }
    }

    internal static string FormatDouble(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    internal static bool IsNumber(object? value) => value is long or int or double;

    internal static double ToDouble(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        _ => throw new TemplateFunctionException("not a number"),
    };

    internal static string TypeName(object? value) => value switch
    {
        null => "nil",
        NoValue => "no value",
        string => "string",
        bool => "bool",
        long or int => "int",
        double => "float64",
        IReadOnlyDictionary<string, object?> => "map",
        IReadOnlyList<object?> => "slice",
        _ => value.GetType().Name,
    };

    /// <summary>Go's eq for basic values; numbers compare by value across int/float.</summary>
    internal static bool Equal(object? a, object? b)
    {
        a = a is NoValue ? null : a;
        b = b is NoValue ? null : b;
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (IsNumber(a) && IsNumber(b))
        {
            return a is double || b is double ? ToDouble(a) == ToDouble(b) : Convert.ToInt64(a, CultureInfo.InvariantCulture) == Convert.ToInt64(b, CultureInfo.InvariantCulture);
        }

        return (a, b) switch
        {
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (bool x, bool y) => x == y,
            _ when a is IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> || b is IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> =>
                throw new TemplateFunctionException($"non-comparable type {TypeName(a is string or bool || IsNumber(a) ? b : a)}"),
            _ => throw new TemplateFunctionException($"incompatible types for comparison: {TypeName(a)} and {TypeName(b)}"),
        };
    }

    /// <summary>Ordering for lt/le/gt/ge: numbers or strings only.</summary>
    internal static int Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return ToDouble(a).CompareTo(ToDouble(b));
        }

        if (a is string x && b is string y)
        {
            return string.CompareOrdinal(x, y);
        }

        throw new TemplateFunctionException(a is string || IsNumber(a)
            ? $"incompatible types for comparison: {TypeName(a)} and {TypeName(b)}"
            : $"invalid type for comparison: {TypeName(a)}");
    }
}
