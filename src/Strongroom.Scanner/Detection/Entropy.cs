namespace Strongroom.Scanner.Detection;

/// <summary>Shannon entropy and the per-charset thresholds used by generic rules.</summary>
internal static class Entropy
{
    /// <summary>Bits per character of <paramref name="value"/>'s own symbol distribution.</summary>
    public static double Shannon(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        var other = new Dictionary<char, int>();
        foreach (var c in value)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }

        double entropy = 0;
        double length = value.Length;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }

        foreach (var count in other.Values)
        {
            var p = count / length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    /// <summary>
    /// Minimum entropy for a generic candidate: a random hex string carries at most 4 bits/char, base64 or
    /// alphanumeric 6, so hex gets a lower bar. Short strings cannot reach the full value, so the bar drops
    /// with length below 20 characters.
    /// </summary>
    public static double GenericThreshold(ReadOnlySpan<char> value)
    {
        var baseline = Classify(value) switch
        {
            Charset.Hex => 3.0,
            Charset.Base64 => 3.5,
            _ => 3.2,
        };
        return value.Length >= 20 ? baseline : baseline - ((20 - value.Length) * 0.05);
    }

    public static Charset Classify(ReadOnlySpan<char> value)
    {
        var hex = true;
        var base64 = true;
        foreach (var c in value)
        {
            var isHex = char.IsAsciiHexDigit(c);
            hex &= isHex;
            base64 &= char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '-' or '_';
        }

        return hex ? Charset.Hex : base64 ? Charset.Base64 : Charset.Other;
    }

    internal enum Charset
    {
        Hex,
        Base64,
        Other,
    }
}
