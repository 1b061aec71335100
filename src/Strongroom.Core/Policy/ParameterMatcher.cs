using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Core.Policy;

/// <summary>
/// Vault's parameter value matching: policy strings may glob with a leading and/or trailing '*';
/// a request array matches "allowed" when every element does and "denied" when any does; a
/// request string is also checked as a comma-separated list (Vault assumes it may be one).
/// Non-string values compare by JSON equality.
/// </summary>
internal static class ParameterMatcher
{
    public static bool InAllowedList(JsonNode? value, IReadOnlyList<JsonNode?> list)
    {
        if (list.Count == 0 || InList(value, list))
        {
            return true;
        }

        var parts = Elements(value);
        return parts is { Count: > 0 } && parts.All(p => InList(p, list));
    }

    public static bool InDeniedList(JsonNode? value, IReadOnlyList<JsonNode?> list)
    {
        if (list.Count == 0 || InList(value, list))
        {
            return true;
        }

        var parts = Elements(value);
        return parts is not null && parts.Any(p => InList(p, list));
    }

    /// <summary>Vault's strutil.GlobbedStringsMatch.</summary>
    public static bool GlobMatch(string pattern, string value)
    {
        if (pattern.Length < 2)
        {
            return pattern == value;
        }

        var prefix = pattern[0] == '*';
        var suffix = pattern[^1] == '*';
        return (prefix, suffix) switch
        {
            (true, true) => value.Contains(pattern[1..^1], StringComparison.Ordinal),
            (true, false) => value.EndsWith(pattern[1..], StringComparison.Ordinal),
            (false, true) => value.StartsWith(pattern[..^1], StringComparison.Ordinal),
            _ => pattern == value,
        };
    }

    private static bool InList(JsonNode? value, IReadOnlyList<JsonNode?> list)
    {
        var text = AsString(value);
        foreach (var element in list)
        {
            if (element is null || value is null)
            {
                if (element is null && value is null)
                {
                    return true;
                }

                continue;
            }

            var pattern = AsString(element);
            if (pattern is not null)
            {
                if (text is not null && GlobMatch(pattern, text))
                {
                    return true;
                }
            }
            else if (JsonNode.DeepEquals(element, value))
            {
                return true;
            }
        }

        return false;
    }

    private static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Array elements, or the comma-separated parts of a string; null for other values.</summary>
    private static List<JsonNode?>? Elements(JsonNode? value) => value switch
    {
        JsonArray array => [.. array],
        JsonValue v when v.GetValueKind() == JsonValueKind.String =>
            v.GetValue<string>().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => (JsonNode?)JsonValue.Create(s)).ToList(),
        _ => null,
    };
}
