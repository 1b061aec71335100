namespace Strongroom.Scanner.Migration;

/// <summary>
/// Reads dotenv files: `KEY=VALUE` lines, optional `export ` prefix, `#` comments, single or double quotes
/// (double quotes understand \n, \" and \\). No variable expansion.
/// </summary>
internal static class EnvFile
{
    public static (Dictionary<string, string>? Values, string? Error) Parse(string text, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return (null, $"{source}:{lineNumber}: expected KEY=VALUE");
            }

            values[line[..eq].Trim()] = Unquote(line[(eq + 1)..].Trim());
        }

        return (values, null);
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1];
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value[1..^1].Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal)
                .Replace("\\\\", "\\", StringComparison.Ordinal);
        }

        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return comment >= 0 ? value[..comment].TrimEnd() : value;
    }
}
