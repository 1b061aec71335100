using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Core.Policy;

/// <summary>Validates one path stanza (already in JSON form) into a <see cref="PathRule"/>, as Vault's parsePaths does.</summary>
internal static class PathRuleParser
{
    private static readonly HashSet<string> ValidKeys =
    [
        "comment", "policy", "capabilities", "allowed_parameters", "denied_parameters",
        "required_parameters", "min_wrapping_ttl", "max_wrapping_ttl", "subscribe_event_types",
    ];

    private static readonly HashSet<string> UnsupportedKeys = ["mfa_methods", "control_group"];

    public static PathRule Parse(string pattern, JsonObject body)
    {
        var path = pattern.StartsWith('/') ? pattern[1..] : pattern;
        foreach (var (key, _) in body)
        {
            if (UnsupportedKeys.Contains(key))
            {
                throw Fail(pattern, $"\"{key}\" is not supported by Strongroom");
            }

            if (!ValidKeys.Contains(key))
            {
                throw Fail(pattern, $"invalid key \"{key}\"");
            }
        }

        if (path.Contains("+*", StringComparison.Ordinal))
        {
            throw Fail(pattern, "invalid use of wildcards ('+*' is forbidden)");
        }

        var hasSegmentWildcards = path == "+" || path.Contains("/+", StringComparison.Ordinal) || path.StartsWith("+/", StringComparison.Ordinal);
        var isPrefix = !hasSegmentWildcards && path.EndsWith('*');
        var capabilities = ParseCapabilities(pattern, body);
        var min = ParseTtl(pattern, body, "min_wrapping_ttl");
        var max = ParseTtl(pattern, body, "max_wrapping_ttl");
        if (min > TimeSpan.Zero && max > TimeSpan.Zero && max < min)
        {
            throw Fail(pattern, "max_wrapping_ttl cannot be less than min_wrapping_ttl");
        }

        var allowed = ParseParameters(pattern, body, "allowed_parameters");
        var denied = ParseParameters(pattern, body, "denied_parameters");
        var required = ParseRequired(pattern, body);
        if (capabilities.HasFlag(AclCapabilities.Deny))
        {
            capabilities = AclCapabilities.Deny;
            (allowed, denied, required) = (null, null, []);
        }

        return new PathRule
        {
            Pattern = path,
            MatchPath = isPrefix ? path[..^1] : path,
            IsPrefix = isPrefix,
            HasSegmentWildcards = hasSegmentWildcards,
            IsTemplated = path.Contains("{{", StringComparison.Ordinal),
            Capabilities = capabilities,
            AllowedParameters = allowed,
            DeniedParameters = denied,
            RequiredParameters = required,
            MinWrappingTtl = min,
            MaxWrappingTtl = max,
        };
    }

    private static PolicyParseException Fail(string pattern, string message) =>
        new($"failed to parse policy: path \"{pattern}\": {message}");

    private static AclCapabilities ParseCapabilities(string pattern, JsonObject body)
    {
        var names = new List<string>();
        if (body["policy"] is { } legacy)
        {
            var value = legacy.GetValueKind() == JsonValueKind.String ? legacy.GetValue<string>() : null;
            names.AddRange(LegacyCapabilities(pattern, value));
        }

        if (body["capabilities"] is { } list)
        {
            names.AddRange(StringList(pattern, "capabilities", list));
        }

        var result = AclCapabilities.None;
        foreach (var name in names)
        {
            if (CapabilityNames.Ignored.Contains(name))
            {
                continue;
            }

            result |= CapabilityNames.Parse(name) ?? throw Fail(pattern, $"invalid capability \"{name}\"");
        }

        return result;
    }

    private static string[] LegacyCapabilities(string pattern, string? legacy) => legacy switch
    {
        "" => [],
        "deny" => [CapabilityNames.Deny],
        "read" => [CapabilityNames.Read, CapabilityNames.List],
        "write" => [CapabilityNames.Create, CapabilityNames.Read, CapabilityNames.Update, CapabilityNames.Delete, CapabilityNames.List],
        "sudo" => [CapabilityNames.Create, CapabilityNames.Read, CapabilityNames.Update, CapabilityNames.Delete, CapabilityNames.List, CapabilityNames.Sudo],
        _ => throw Fail(pattern, "invalid policy (expected \"deny\", \"read\", \"write\" or \"sudo\")"),
    };

    private static List<string> StringList(string pattern, string field, JsonNode node)
    {
        if (node is not JsonArray array)
        {
            throw Fail(pattern, $"{field} must be a list of strings");
        }

        return array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw Fail(pattern, $"{field} must be a list of strings")).ToList();
    }

    private static TimeSpan ParseTtl(string pattern, JsonObject body, string field)
    {
        var node = body[field];
        if (node is null)
        {
            return TimeSpan.Zero;
        }

        return Durations.TryParse(node, out var value) ? value : throw Fail(pattern, $"invalid {field} (expected seconds or a duration such as \"90s\")");
    }

    private static Dictionary<string, IReadOnlyList<JsonNode?>>? ParseParameters(string pattern, JsonObject body, string field)
    {
        var node = body[field];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject obj)
        {
            throw Fail(pattern, $"{field} must be a map of parameter name to list of values");
        }

        var result = new Dictionary<string, IReadOnlyList<JsonNode?>>(StringComparer.Ordinal);
        foreach (var (rawKey, values) in obj)
        {
            var key = rawKey.ToLowerInvariant();
            ValidateKey(pattern, field, key, wildcardPermitted: true);
            if (values is not JsonArray array)
            {
                throw Fail(pattern, $"{field}: parameter \"{rawKey}\" must be a list of values ([] for any value)");
            }

            if (key == "*" && array.Count > 0)
            {
                throw Fail(pattern, $"{field}: the only value allowed for \"*\" is []");
            }

            if (!result.TryAdd(key, array.Select(v => v?.DeepClone()).ToList()))
            {
                throw Fail(pattern, $"{field}: parameter \"{rawKey}\" is defined more than once");
            }
        }

        return result;
    }

    private static List<string> ParseRequired(string pattern, JsonObject body)
    {
        if (body["required_parameters"] is not { } node)
        {
            return [];
        }

        var names = StringList(pattern, "required_parameters", node);
        foreach (var name in names)
        {
            ValidateKey(pattern, "required_parameters", name, wildcardPermitted: false);
        }

        return names;
    }

    private static void ValidateKey(string pattern, string field, string key, bool wildcardPermitted)
    {
        if (key.StartsWith('/'))
        {
            throw Fail(pattern, $"{field}: JSON-pointer parameter keys (\"{key}\") are not supported");
        }

        if (key.Contains('*', StringComparison.Ordinal) && (!wildcardPermitted || key != "*"))
        {
            throw Fail(pattern, wildcardPermitted
                ? $"{field}: parameter key \"{key}\" cannot contain non-tail wildcards"
                : $"{field}: parameter key \"{key}\": wildcard is not permitted here");
        }
    }
}
