using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Sdk;

/// <summary>
/// Vault's duration syntax: an integer number of seconds (JSON number or string), or a Go
/// duration string such as "1h30m", "45s", "500ms", "2h". "d" is accepted as 24h like Vault.
/// </summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0)
            {
                return false;
            }

            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        double total = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            double factor = text[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => double.NaN,
            };
            if (double.IsNaN(factor))
            {
                return false;
            }

            total += number * factor;
        }

        if (total > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(Math.Floor(total));
        return true;
    }

    /// <summary>Parses a JSON value (number of seconds or duration string).</summary>
    public static bool TryParse(JsonNode? node, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (node is not JsonValue v)
        {
            return false;
        }

        switch (v.GetValueKind())
        {
            case JsonValueKind.Number:
                if (v.TryGetValue<long>(out var seconds) && seconds >= 0)
                {
                    value = TimeSpan.FromSeconds(seconds);
                    return true;
                }

                if (v.TryGetValue<double>(out var d) && d >= 0 && d < TimeSpan.MaxValue.TotalSeconds / 2)
                {
                    value = TimeSpan.FromSeconds(Math.Floor(d));
                    return true;
                }

                return false;
            case JsonValueKind.String:
                return TryParse(v.GetValue<string>(), out value);
            default:
                return false;
        }
    }

    /// <summary>Formats like Go's time.Duration.String(): "768h0m0s", "1h30m0s", "0s".</summary>
    public static string Format(TimeSpan value)
    {
        var totalSeconds = (long)value.TotalSeconds;
        if (totalSeconds == 0)
        {
            return "0s";
        }

        var hours = totalSeconds / 3600;
        var minutes = totalSeconds % 3600 / 60;
        var seconds = totalSeconds % 60;
        if (hours > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{hours}h{minutes}m{seconds}s");
        }

        return minutes > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes}m{seconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds}s");
    }
}
