using System.Globalization;
using System.Text.Json.Nodes;

namespace Strongroom.Injector.Tests.Infrastructure;

/// <summary>
/// A small RFC 6902 applier (add, remove, replace, test) over System.Text.Json nodes, strict the way the
/// kube-apiserver's is: adding into a missing parent fails, array indexes must be in range.
/// </summary>
internal static class JsonPatchApplier
{
    public static JsonNode Apply(JsonNode document, JsonArray patch)
    {
        var result = document.DeepClone();
        foreach (var operation in patch)
        {
            var op = (string?)operation!["op"] ?? throw new InvalidOperationException("operation without op");
            var path = (string?)operation["path"] ?? throw new InvalidOperationException("operation without path");
            var value = operation["value"]?.DeepClone();
            var tokens = Parse(path);
            if (tokens.Count == 0)
            {
                throw new InvalidOperationException("replacing the whole document is not expected");
            }

            var parent = Resolve(result, tokens.Take(tokens.Count - 1));
            var last = tokens[^1];
            switch (op)
            {
                case "add":
                    Add(parent, last, value, operation.ToJsonString());
                    break;
                case "replace":
                    Remove(parent, last, path);
                    Add(parent, last, value, path);
                    break;
                case "remove":
                    Remove(parent, last, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(result, tokens), value))
                    {
                        throw new InvalidOperationException($"test failed at {path}");
                    }

                    break;
                default:
                    throw new InvalidOperationException($"unsupported op {op}");
            }
        }

        return result;
    }

    /// <summary>RFC 6901: split on '/', then unescape ~1 to '/' and ~0 to '~' (in that order).</summary>
    public static List<string> Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new InvalidOperationException($"pointer {pointer} does not start with /");
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode Resolve(JsonNode root, IEnumerable<string> tokens)
    {
        var node = root;
        foreach (var token in tokens)
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) && child is not null => child,
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i]!,
                _ => throw new InvalidOperationException($"path segment {token} does not exist"),
            };
        }

        return node;
    }

    private static void Add(JsonNode parent, string token, JsonNode? value, string context)
    {
        switch (parent)
        {
            case JsonObject o:
                o[token] = value;
                break;
            case JsonArray a when token == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new InvalidOperationException($"cannot add at {context}");
        }
    }

    private static void Remove(JsonNode parent, string token, string context)
    {
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(token):
                o.Remove(token);
                break;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw new InvalidOperationException($"nothing to remove at {context}");
        }
    }
}
