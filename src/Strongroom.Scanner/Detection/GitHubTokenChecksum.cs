namespace Strongroom.Scanner.Detection;

/// <summary>
/// GitHub's token format (github.blog, "Behind GitHub's new authentication token formats", 2021): a 4-char
/// prefix, 30 random base62 characters, then the CRC32 of those 30 characters in base62, left-padded to 6.
/// </summary>
internal static class GitHubTokenChecksum
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly uint[] Table = BuildTable();

    public static bool IsValid(ReadOnlySpan<char> token)
    {
        if (token.Length != 40 || token[3] != '_')
        {
            return false;
        }

        Span<char> expected = stackalloc char[6];
        Encode(Crc32(token.Slice(4, 30)), expected);
        return token[34..].SequenceEqual(expected);
    }

    /// <summary>The 6-character checksum for a 30-character random part (used by tests and the bench).</summary>
    public static string ChecksumFor(ReadOnlySpan<char> randomPart)
    {
        Span<char> result = stackalloc char[6];
        Encode(Crc32(randomPart), result);
        return new string(result);
    }

    private static void Encode(uint value, Span<char> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Base62[(int)(value % 62)];
            value /= 62;
        }
    }

    private static uint Crc32(ReadOnlySpan<char> ascii)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in ascii)
        {
            crc = Table[(crc ^ (byte)c) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
