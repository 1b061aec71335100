using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Cli.Output;

/// <summary>Renders JSON values the way Vault's table output does (Go's <c>%v</c>): <c>map[k:v]</c>, <c>[a b]</c>, <c>&lt;nil&gt;</c>.</summary>
internal static class GoValue
{
    public static string Format(JsonNode? node)
    {
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    /// <summary>The raw value for <c>-field</c>: strings unquoted, scalars as text, objects/arrays as JSON.</summary>
    public static string Raw(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(JsonOutput.Compact),
    };

    private static void Append(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("<nil>");
                break;
            case JsonObject obj:
                text.Append("map[");
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? string.Empty : " ").Append(key).Append(':');
                    Append(text, value);
                    first = false;
                }

                text.Append(']');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(' ');
                    }

                    Append(text, array[i]);
                }

                text.Append(']');
                break;
            case JsonValue value:
                text.Append(value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => FormatNumber(value),
                    _ => value.ToJsonString(),
                });
                break;
        }
    }

    private static string FormatNumber(JsonValue value) =>
        value.TryGetValue(out long l) ? l.ToString(CultureInfo.InvariantCulture) : value.ToJsonString();
}
