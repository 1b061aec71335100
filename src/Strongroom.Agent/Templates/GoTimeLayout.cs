using System.Globalization;
using System.Text;

namespace Strongroom.Agent.Templates;

/// <summary>Formats a UTC time with a Go reference layout ("2006-01-02T15:04:05Z07:00"); the common elements only.</summary>
internal static class GoTimeLayout
{
    private static readonly (string Go, Func<DateTimeOffset, string> Format)[] Elements =
    [
        ("January", t => t.ToString("MMMM", CultureInfo.InvariantCulture)),
        ("Monday", t => t.ToString("dddd", CultureInfo.InvariantCulture)),
        ("Z07:00", t => t.Offset == TimeSpan.Zero ? "Z" : t.ToString("zzz", CultureInfo.InvariantCulture)),
        ("-07:00", t => t.ToString("zzz", CultureInfo.InvariantCulture)),
        ("-0700", t => t.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", string.Empty, StringComparison.Ordinal)),
        ("2006", t => t.ToString("yyyy", CultureInfo.InvariantCulture)),
        (".000000000", t => "." + (t.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture)),
        (".000000", t => t.ToString(".ffffff", CultureInfo.InvariantCulture)),
        (".000", t => t.ToString(".fff", CultureInfo.InvariantCulture)),
        ("Jan", t => t.ToString("MMM", CultureInfo.InvariantCulture)),
        ("Mon", t => t.ToString("ddd", CultureInfo.InvariantCulture)),
        ("MST", t => t.Offset == TimeSpan.Zero ? "UTC" : t.ToString("zzz", CultureInfo.InvariantCulture)),
        ("01", t => t.ToString("MM", CultureInfo.InvariantCulture)),
        ("02", t => t.ToString("dd", CultureInfo.InvariantCulture)),
        ("15", t => t.ToString("HH", CultureInfo.InvariantCulture)),
        ("03", t => t.ToString("hh", CultureInfo.InvariantCulture)),
        ("04", t => t.ToString("mm", CultureInfo.InvariantCulture)),
        ("05", t => t.ToString("ss", CultureInfo.InvariantCulture)),
        ("06", t => t.ToString("yy", CultureInfo.InvariantCulture)),
        ("PM", t => t.Hour >= 12 ? "PM" : "AM"),
    ];

    public static string Format(DateTimeOffset time, string layout)
    {
        var output = new StringBuilder();
        var i = 0;
        while (i < layout.Length)
        {
            var matched = false;
            foreach (var (go, format) in Elements)
            {
                if (string.CompareOrdinal(layout, i, go, 0, go.Length) == 0)
                {
                    output.Append(format(time));
                    i += go.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                output.Append(layout[i++]);
            }
        }

        return output.ToString();
    }
}
