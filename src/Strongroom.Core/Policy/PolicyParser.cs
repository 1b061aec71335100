using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Core.Hcl;

namespace Strongroom.Core.Policy;

/// <summary>
/// Parses an ACL policy written in HCL or JSON (JSON when the first non-space character is '{'),
/// following Vault's policy syntax: <c>path "pattern" { capabilities = [...] ... }</c>, or
/// <c>{"path": {"pattern": {"capabilities": [...]}}}</c>. Throws <see cref="PolicyParseException"/>.
/// </summary>
public static class PolicyParser
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = HclParser.MaxDepth,
    };

    public static AclPolicy Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().TrimStart();
        var document = trimmed.Length > 0 && trimmed[0] == '{' ? ParseJson(text) : ParseHcl(text);

        foreach (var (key, _) in document)
        {
            if (key is not ("name" or "path"))
            {
                throw new PolicyParseException($"failed to parse policy: invalid top-level key \"{key}\" (expected \"path\")");
            }
        }

        if (document["name"] is { } nameNode && nameNode.GetValueKind() != JsonValueKind.String)
        {
            throw new PolicyParseException("failed to parse policy: \"name\" must be a string");
        }

        var rules = new List<PathRule>();
        foreach (var (pattern, body) in PathEntries(document["path"]))
        {
            rules.Add(PathRuleParser.Parse(pattern, body));
        }

        return new AclPolicy(name, text, rules);
    }

    private static JsonObject ParseJson(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new PolicyParseException(
                $"failed to parse policy: invalid JSON at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}");
        }

        return node as JsonObject ?? throw new PolicyParseException("failed to parse policy: JSON policy must be an object");
    }

    private static JsonObject ParseHcl(string text)
    {
        try
        {
            var body = HclParser.Parse(text);
            foreach (var block in body.Blocks)
            {
                if (block.Type != "path")
                {
                    throw new PolicyParseException($"failed to parse policy: invalid block \"{block.Type}\" at line {block.Line} (expected \"path\")");
                }

                if (block.Labels.Count != 1)
                {
                    throw new PolicyParseException($"failed to parse policy: path block at line {block.Line} needs exactly one label, the path");
                }
            }

            return body.ToJsonNode();
        }
        catch (HclParseException ex)
        {
            throw new PolicyParseException($"failed to parse policy: {ex.Message}", ex);
        }
    }

    /// <summary>Accepts {"p": {...}}, {"p": [{...}, {...}]} and [{"p": {...}}, ...].</summary>
    private static IEnumerable<(string Pattern, JsonObject Body)> PathEntries(JsonNode? node)
    {
        switch (node)
        {
            case null:
                yield break;
            case JsonObject paths:
                foreach (var (pattern, value) in paths)
                {
                    switch (value)
                    {
                        case JsonObject body:
                            yield return (pattern, body);
                            break;
                        case JsonArray bodies:
                            foreach (var item in bodies)
                            {
                                yield return (pattern, item as JsonObject ?? throw NotAnObject(pattern));
                            }

                            break;
                        default:
                            throw NotAnObject(pattern);
                    }
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (item is not JsonObject obj)
                    {
                        throw new PolicyParseException("failed to parse policy: \"path\" list items must be objects");
                    }

                    foreach (var entry in PathEntries(obj))
                    {
                        yield return entry;
                    }
                }

                break;
            default:
                throw new PolicyParseException("failed to parse policy: \"path\" must be an object of path rules");
        }
    }

    private static PolicyParseException NotAnObject(string pattern) =>
        new($"failed to parse policy: path \"{pattern}\": rule must be an object");
}
