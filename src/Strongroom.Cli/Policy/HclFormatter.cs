using System.Text;
using System.Text.RegularExpressions;

namespace Strongroom.Cli.Policy;

/// <summary>A layout normaliser for HCL policies (see README.md): indentation, '=' spacing and alignment, blank lines.</summary>
internal static partial class HclFormatter
{
    public static string Format(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = new List<(int Depth, string Text)>();
        var depth = 0;
        var inBlockComment = false;
        foreach (var rawLine in source.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.Trim();
            if (inBlockComment)
            {
                lines.Add((depth, line));
                inBlockComment = !line.Contains("*/", StringComparison.Ordinal);
                continue;
            }

            var (opens, closesAtStart, closesAfter, startsComment) = Scan(line);
            var lineDepth = Math.Max(0, depth - closesAtStart);
            lines.Add((lineDepth, NormaliseSpacing(line)));
            depth = Math.Max(0, depth + opens - closesAtStart - closesAfter);
            inBlockComment = startsComment;
        }

        return Render(Align(lines));
    }

    /// <summary>Counts brackets outside strings and comments: opens, closes before any other token, closes after.</summary>
    private static (int Opens, int ClosesAtStart, int ClosesAfter, bool StartsBlockComment) Scan(string line)
    {
        int opens = 0, closesAtStart = 0, closesAfter = 0;
        var leading = true;
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '#' || (c == '/' && i + 1 < line.Length && line[i + 1] == '/'))
            {
                break;
            }

            if (c == '/' && i + 1 < line.Length && line[i + 1] == '*')
            {
                var end = line.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return (opens, closesAtStart, closesAfter, true);
                }

                i = end + 1;
                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    leading = false;
                    break;
                case '{' or '[':
                    opens++;
                    leading = false;
                    break;
                case '}' or ']':
                    if (leading)
                    {
                        closesAtStart++;
                    }
                    else if (opens > 0)
                    {
                        opens--;
                    }
                    else
                    {
                        closesAfter++;
                    }

                    break;
                case ' ' or '\t' or ',':
                    break;
                default:
                    leading = false;
                    break;
            }
        }

        return (opens, closesAtStart, closesAfter, false);
    }

    private static string NormaliseSpacing(string line)
    {
        if (line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith("/*", StringComparison.Ordinal))
        {
            return line;
        }

        var attribute = Attribute().Match(line);
        if (attribute.Success)
        {
            return attribute.Groups["key"].Value + " = " + attribute.Groups["value"].Value;
        }

        var block = BlockOpen().Match(line);
        return block.Success ? block.Groups["head"].Value + " {" : line;
    }

    /// <summary>Aligns the '=' of consecutive attribute lines at the same depth.</summary>
    private static List<(int Depth, string Text)> Align(List<(int Depth, string Text)> lines)
    {
        var result = new List<(int Depth, string Text)>(lines);
        var i = 0;
        while (i < result.Count)
        {
            var j = i;
            while (j < result.Count && result[j].Depth == result[i].Depth && Attribute().IsMatch(result[j].Text))
            {
                j++;
            }

            if (j - i > 1)
            {
                var width = Enumerable.Range(i, j - i).Max(k => Attribute().Match(result[k].Text).Groups["key"].Length);
                for (var k = i; k < j; k++)
                {
                    var m = Attribute().Match(result[k].Text);
                    result[k] = (result[k].Depth, m.Groups["key"].Value.PadRight(width) + " = " + m.Groups["value"].Value);
                }
            }

            i = Math.Max(j, i + 1);
        }

        return result;
    }

    private static string Render(List<(int Depth, string Text)> lines)
    {
        var text = new StringBuilder();
        var blank = true;
        foreach (var (depth, line) in lines)
        {
            if (line.Length == 0)
            {
                if (!blank)
                {
                    text.Append('\n');
                }

                blank = true;
                continue;
            }

            text.Append(new string(' ', depth * 2)).Append(line).Append('\n');
            blank = false;
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_\-]*)\s*=(?!=)\s*(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();

    [GeneratedRegex(@"^(?<head>[A-Za-z_][^=]*?(""[^""]*"")?)\s*\{$", RegexOptions.CultureInvariant)]
    private static partial Regex BlockOpen();
}
