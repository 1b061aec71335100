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

    /// <summary>Vault's section header: the title centred in '=' signs, as wide as the table below it.</summary>
    public static string Header(string title, int width)
    {
        ArgumentNullException.ThrowIfNull(title);
        var pad = Math.Max(2, (width - title.Length - 2) / 2);
        var equals = new string('=', pad);
        return $"{equals} {title} {equals}";
    }

    private static string Cell(string? value) => string.IsNullOrEmpty(value) ? "n/a" : value.ReplaceLineEndings(" ");
}
