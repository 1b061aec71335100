using System.Text;

namespace Strongroom.Cli.Output;

/// <summary>Columns like Vault's (ryanuber/columnize): left-aligned, four spaces between columns, empty cells as "n/a".</summary>
internal static class TableWriter
{
    private const string Glue = "    ";

    /// <summary>Formats a header row, a "---" rule under each header, then the rows.</summary>
    public static string Format(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var all = new List<IReadOnlyList<string>>
        {
            headers,
            headers.Select(h => new string('-', h.Length)).ToArray(),
        };
        all.AddRange(rows);
        return Columnize(all);
    }

    /// <summary>Aligns rows into columns; every line ends with a newline.</summary>
    public static string Columnize(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++)
            {
                widths[c] = Math.Max(widths[c], Cell(row[c]).Length);
            }
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Count; c++)
            {
                var cell = Cell(row[c]);
                line.Append(c == row.Count - 1 ? cell : cell.PadRight(widths[c]) + Glue);
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Vault's section header: the title in '=' signs, <paramref name="totalWidth"/> wide ("== Secret Path ==").</summary>
    public static string Header(string title, int totalWidth)
    {
        ArgumentNullException.ThrowIfNull(title);
        var equals = totalWidth - (title.Length + 2);
        if (equals <= 0)
        {
            equals = 4;
        }

        return $"{new string('=', equals / 2)} {title} {new string('=', equals - (equals / 2))}";
    }

    /// <summary>A header as wide as a Key/Value table of the given keys (longest key + 4 + len("Value")).</summary>
    public static string HeaderForKeys(string title, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var longest = keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
        return Header(title, longest + 4 + 5);
    }

    private static string Cell(string? value) => string.IsNullOrEmpty(value) ? "n/a" : value.ReplaceLineEndings(" ");
}
