using System.Text.Json.Nodes;

namespace Strongroom.Cli.Commands;

/// <summary>
/// Parses Vault-style data arguments: <c>key=value</c>, <c>key=@file</c> (file contents), <c>key=-</c> (stdin),
/// <c>@file.json</c> or a lone <c>-</c> (a JSON object from a file or stdin). A repeated key becomes a list.
/// </summary>
internal static class KeyValueArgs
{
    /// <summary>Builds the JSON object; file/stdin problems and malformed pairs become usage errors.</summary>
    public static JsonObject Parse(IEnumerable<string> args, ICliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var result = new JsonObject();
        var stdinUsed = false;

        string ReadStdin()
        {
            if (stdinUsed)
            {
                throw new CommandUsageException("stdin (\"-\") can be used only once");
            }

            stdinUsed = true;
            return environment.Stdin.ReadToEnd();
        }

        var position = 0;
        foreach (var arg in args)
        {
            position++;
            if (arg == "-" || arg.StartsWith('@'))
            {
                var text = arg == "-" ? ReadStdin() : ReadFile(arg[1..]);
                Merge(result, ParseObject(text, arg == "-" ? "stdin" : arg[1..]));
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                // The argument itself is not echoed: a mistyped pair may be a bare secret.
                throw new CommandUsageException($"invalid key/value pair (data argument {position}): format must be key=value");
            }

            var key = arg[..eq];
            var value = arg[(eq + 1)..];
            if (value == "-")
            {
                value = ReadStdin();
            }
            else if (value.StartsWith('@'))
            {
                value = ReadFile(value[1..]);
            }

            Add(result, key, JsonValue.Create(value));
        }

        return result;
    }

    private static void Add(JsonObject target, string key, JsonNode? value)
    {
        if (!target.TryGetPropertyValue(key, out var existing))
        {
            target[key] = value;
        }
        else if (existing is JsonArray list)
        {
            list.Add(value);
        }
        else
        {
            target.Remove(key);
            target[key] = new JsonArray(existing, value);
        }
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            source.Remove(key);
            target[key] = value;
        }
    }

    private static JsonObject ParseObject(string text, string origin)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new CommandUsageException($"{origin}: expected a JSON object");
        }
        catch (System.Text.Json.JsonException)
        {
            throw new CommandUsageException($"{origin}: invalid JSON");
        }
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandUsageException($"error reading file \"{path}\": {e.Message}");
        }
    }
}
