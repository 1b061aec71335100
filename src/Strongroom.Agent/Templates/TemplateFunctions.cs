using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Strongroom.Agent.Templates;

/// <summary>
/// The function table: Go's builtins (and, or, not, eq, ne, lt, le, gt, ge, len, index, print,
/// printf, println) and the consul-template functions Vault Agent users rely on.
/// </summary>
public static class TemplateFunctions
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Pretty = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    /// <summary>Builds the table. <paramref name="secrets"/> null makes <c>secret</c> an error (no server).</summary>
    public static IReadOnlyDictionary<string, TemplateFunction> Create(ISecretSource? secrets, Func<string, string?> environment, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(clock);
        var table = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
        {
            ["and"] = Sync(args => { Arity(args, 1, int.MaxValue); return args.FirstOrDefault(a => !TemplateValues.IsTrue(a), args[^1]); }),
            ["or"] = Sync(args => { Arity(args, 1, int.MaxValue); return args.FirstOrDefault(TemplateValues.IsTrue, args[^1]); }),
            ["not"] = Sync(args => { Arity(args, 1, 1); return !TemplateValues.IsTrue(args[0]); }),
            ["eq"] = Sync(args => { Arity(args, 2, int.MaxValue); return args.Skip(1).Any(b => TemplateValues.Equal(args[0], b)); }),
            ["ne"] = Sync(args => { Arity(args, 2, 2); return !TemplateValues.Equal(args[0], args[1]); }),
            ["lt"] = Sync(args => { Arity(args, 2, 2); return TemplateValues.Compare(args[0], args[1]) < 0; }),
            ["le"] = Sync(args => { Arity(args, 2, 2); return TemplateValues.Compare(args[0], args[1]) <= 0; }),
            ["gt"] = Sync(args => { Arity(args, 2, 2); return TemplateValues.Compare(args[0], args[1]) > 0; }),
            ["ge"] = Sync(args => { Arity(args, 2, 2); return TemplateValues.Compare(args[0], args[1]) >= 0; }),
            ["len"] = Sync(args => { Arity(args, 1, 1); return Length(args[0]); }),
            ["index"] = Sync(args => { Arity(args, 1, int.MaxValue); return Index(args[0], args.Skip(1)); }),
            ["print"] = Sync(args => GoFormat.Sprint(args)),
            ["println"] = Sync(args => GoFormat.Sprintln(args)),
            ["printf"] = Sync(args => { Arity(args, 1, int.MaxValue); return GoFormat.Sprintf(Str(args[0], "format"), args.Skip(1).ToList()); }),
            ["toJSON"] = Sync(args => { Arity(args, 1, 1); return ToJson(args[0], Compact); }),
            ["toJSONPretty"] = Sync(args => { Arity(args, 1, 1); return ToJson(args[0], Pretty); }),
            ["parseJSON"] = Sync(args => { Arity(args, 1, 1); return ParseJson(Str(args[0], "argument")); }),
            ["toYAML"] = Sync(args => { Arity(args, 1, 1); return ToYaml(args[0]); }),
            ["base64Encode"] = Sync(args => { Arity(args, 1, 1); return Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(args[0], "argument"))); }),
            ["base64Decode"] = Sync(args => { Arity(args, 1, 1); return Base64Decode(Str(args[0], "argument")); }),
            ["base64URLEncode"] = Sync(args => { Arity(args, 1, 1); return Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(args[0], "argument"))).Replace('+', '-').Replace('/', '_'); }),
            ["sha256Hex"] = Sync(args => { Arity(args, 1, 1); return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Str(args[0], "argument")))); }),
            ["env"] = Sync(args => { Arity(args, 1, 1); return environment(Str(args[0], "name")) ?? string.Empty; }),
            ["trimSpace"] = Sync(args => { Arity(args, 1, 1); return Str(args[0], "argument").Trim(); }),
            ["toLower"] = Sync(args => { Arity(args, 1, 1); return Str(args[0], "argument").ToLowerInvariant(); }),
            ["toUpper"] = Sync(args => { Arity(args, 1, 1); return Str(args[0], "argument").ToUpperInvariant(); }),
            ["contains"] = Sync(args => { Arity(args, 2, 2); return Contains(args[0], args[1]); }),
            ["split"] = Sync(args =>
            {
                Arity(args, 2, 2);
                var s = Str(args[1], "string");
                return s.Length == 0 ? new List<object?>() : s.Split(Str(args[0], "separator")).Cast<object?>().ToList();
            }),
            ["join"] = Sync(args =>
            {
                Arity(args, 2, 2);
                return args[1] is IReadOnlyList<object?> list
                    ? string.Join(Str(args[0], "separator"), list.Select(TemplateValues.Print))
                    : throw new TemplateFunctionException($"join: expected a list, got {TemplateValues.TypeName(args[1])}");
            }),
            ["replaceAll"] = Sync(args => { Arity(args, 3, 3); return Str(args[2], "string").Replace(Str(args[0], "old"), Str(args[1], "new"), StringComparison.Ordinal); }),
            ["keys"] = Sync(args =>
            {
                Arity(args, 1, 1);
                return args[0] is IReadOnlyDictionary<string, object?> map
                    ? map.Keys.Order(StringComparer.Ordinal).Cast<object?>().ToList()
                    : throw new TemplateFunctionException($"keys: expected a map, got {TemplateValues.TypeName(args[0])}");
            }),
            ["timestamp"] = Sync(args =>
            {
                Arity(args, 0, 1);
                var now = clock.GetUtcNow();
                var layout = args.Count == 0 ? null : Str(args[0], "layout");
                return layout switch
                {
                    null => now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    "unix" => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                    _ => GoTimeLayout.Format(now, layout),
                };
            }),
            ["secret"] = async (args, cancellationToken) =>
            {
                Arity(args, 1, int.MaxValue);
                if (secrets is null)
                {
                    throw new TemplateFunctionException("no secret source is configured");
                }

                var path = Str(args[0], "path");
                var parameters = new List<KeyValuePair<string, string>>();
                foreach (var parameter in args.Skip(1))
                {
                    var text = Str(parameter, "parameter");
                    var eq = text.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new TemplateFunctionException("parameters must be of the form key=value");
                    }

                    parameters.Add(KeyValuePair.Create(text[..eq], text[(eq + 1)..]));
                }

                return await secrets.GetSecretAsync(path, parameters, cancellationToken).ConfigureAwait(false);
            },
        };
        return table;
    }

    private static TemplateFunction Sync(Func<IReadOnlyList<object?>, object?> body) =>
        (args, _) => ValueTask.FromResult(body(args));

    private static void Arity(IReadOnlyList<object?> args, int min, int max)
    {
        if (args.Count < min || args.Count > max)
        {
            throw new TemplateFunctionException(min == max
                ? string.Create(CultureInfo.InvariantCulture, $"wrong number of args: want {min} got {args.Count}")
                : string.Create(CultureInfo.InvariantCulture, $"wrong number of args: want at least {min} got {args.Count}"));
        }
    }

    private static string Str(object? value, string what) => value switch
    {
        string s => s,
        _ => throw new TemplateFunctionException($"{what}: expected a string, got {TemplateValues.TypeName(value)}"),
    };

    private static long Length(object? value) => value switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        IReadOnlyList<object?> list => list.Count,
        IReadOnlyDictionary<string, object?> map => map.Count,
        _ => throw new TemplateFunctionException($"len of type {TemplateValues.TypeName(value)}"),
    };

    private static object? Index(object? item, IEnumerable<object?> indexes)
    {
        foreach (var index in indexes)
        {
            switch (item)
            {
                case IReadOnlyList<object?> list when index is long or int:
                    var i = Convert.ToInt64(index, CultureInfo.InvariantCulture);
                    if (i < 0 || i >= list.Count)
                    {
                        throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture, $"index out of range: {i}"));
                    }

                    item = list[(int)i];
                    break;
                case string s when index is long or int:
                    var bytes = Encoding.UTF8.GetBytes(s);
                    var b = Convert.ToInt64(index, CultureInfo.InvariantCulture);
                    if (b < 0 || b >= bytes.Length)
                    {
                        throw new TemplateFunctionException(string.Create(CultureInfo.InvariantCulture, $"index out of range: {b}"));
                    }

                    item = (long)bytes[b];
                    break;
                case IReadOnlyDictionary<string, object?> map when index is string key:
                    item = map.TryGetValue(key, out var value) ? value : NoValue.Instance;
                    break;
                case null or NoValue:
                    throw new TemplateFunctionException("index of untyped nil");
                default:
                    throw new TemplateFunctionException($"can't index item of type {TemplateValues.TypeName(item)} with {TemplateValues.TypeName(index)}");
            }
        }

        return item;
    }

    private static bool Contains(object? needle, object? haystack) => haystack switch
    {
        string s => needle is string n ? s.Contains(n, StringComparison.Ordinal) : throw new TemplateFunctionException("contains: expected a string to look for"),
        IReadOnlyList<object?> list => list.Any(e => SafeEqual(e, needle)),
        IReadOnlyDictionary<string, object?> map => needle is string key && map.ContainsKey(key),
        null or NoValue => false,
        _ => throw new TemplateFunctionException($"contains: can't look inside {TemplateValues.TypeName(haystack)}"),
    };

    private static bool SafeEqual(object? a, object? b)
    {
        try
        {
            return TemplateValues.Equal(a, b);
        }
        catch (TemplateFunctionException)
        {
            return false;
        }
    }

    private static string ToJson(object? value, JsonSerializerOptions options)
    {
        var node = TemplateValues.ToJson(value);
        return node is null ? "null" : node.ToJsonString(options);
    }

    private static object? ParseJson(string text)
    {
        try
        {
            return TemplateValues.FromJson(JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            throw new TemplateFunctionException("parseJSON: the argument is not valid JSON");
        }
    }

    private static string ToYaml(object? value)
    {
        var serializer = new SerializerBuilder().Build();
        return serializer.Serialize(ToYamlGraph(value)).TrimEnd('\n');
    }

    private static object? ToYamlGraph(object? value) => value switch
    {
        NoValue => null,
        IReadOnlyDictionary<string, object?> map => map.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => ToYamlGraph(kv.Value), StringComparer.Ordinal),
        IReadOnlyList<object?> list => list.Select(ToYamlGraph).ToList(),
        _ => value,
    };

    private static string Base64Decode(string text)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            throw new TemplateFunctionException("base64Decode: the argument is not valid base64");
        }
    }
}
