using System.Globalization;
using System.Text;

namespace Strongroom.Cli.Output;

/// <summary>Formats seconds as Vault does: Go's Duration.String with trailing zero units dropped ("768h", "1h30m", "45s").</summary>
internal static class HumanDuration
{
    public static string Format(long seconds)
    {
        if (seconds == 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        if (seconds < 0)
        {
            text.Append('-');
            seconds = -seconds;
        }

        var hours = seconds / 3600;
        var minutes = seconds % 3600 / 60;
        var secs = seconds % 60;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (minutes > 0 || (hours > 0 && secs > 0))
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        if (secs > 0)
        {
            text.Append(secs.ToString(CultureInfo.InvariantCulture)).Append('s');
        }

        return text.ToString();
    }
}
