using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Database;

/// <summary>
/// Reads a statements field the way Vault documents it: a JSON array of strings, a string (one
/// command text; PostgreSQL runs the ';'-separated statements in it), a JSON array serialised into
/// a string, or either of those base64-encoded.
/// </summary>
internal static class Statements
{
    public static List<string>? Read(JsonObject data, string field)
    {
        var node = data[field];
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                return array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    ? v.GetValue<string>()
                    : throw new FieldException(field, "a string or a list of strings")).Where(s => s.Trim().Length > 0).ToList();
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return Parse(value.GetValue<string>(), field);
            default:
                throw new FieldException(field, "a string or a list of strings");
        }
    }

    private static List<string> Parse(string text, string field)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return [];
        }

        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            try
            {
                text = new UTF8Encoding(false, true).GetString(buffer, 0, written).Trim();
            }
            catch (DecoderFallbackException)
            {
                // not base64 of text: keep the original
            }
        }

        if (text.StartsWith('['))
        {
            try
            {
                if (JsonNode.Parse(text) is JsonArray array)
                {
                    return Read(new JsonObject { [field] = array.DeepClone() }, field) ?? [];
                }
            }
            catch (JsonException)
            {
                // a statement that happens to start with '[': keep it as text
            }
        }

        return [text];
    }
}
