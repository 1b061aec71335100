using System.Buffers.Text;

namespace Strongroom.Audit;

/// <summary>
/// A chained audit line split into the bytes the chain HMAC covers, its sequence number and its
/// chain value. Parsing is byte-level: no JSON re-serialisation, so the check is exact.
/// </summary>
internal readonly record struct AuditLine(byte[] Covered, long Sequence, byte[] Chain)
{
    private static ReadOnlySpan<byte> ChainMember => ",\"chain\":\""u8;

    private static ReadOnlySpan<byte> SeqMember => ",\"seq\":"u8;

    /// <summary>Parses one line (without its newline). False when it does not end with a seq and chain member.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out AuditLine result)
    {
        result = default;
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        // ...,"seq":N,"chain":"<64 hex>"}
        const int tail = 64 + 2;
        if (line.Length < tail + 10 || line[^1] != (byte)'}' || line[^2] != (byte)'"')
        {
            return false;
        }

        var chainStart = line.Length - tail - ChainMember.Length;
        if (!line[chainStart..].StartsWith(ChainMember))
        {
            return false;
        }

        var hex = line.Slice(chainStart + ChainMember.Length, 64);
        var chain = new byte[AuditChain.MacSize];
        if (!TryHex(hex, chain))
        {
            return false;
        }

        var withoutChain = line[..chainStart];
        var seqAt = withoutChain.LastIndexOf(SeqMember);
        if (seqAt < 0)
        {
            return false;
        }

        var digits = withoutChain[(seqAt + SeqMember.Length)..];
        if (!Utf8Parser.TryParse(digits, out long sequence, out var consumed) || consumed != digits.Length || sequence < 1)
        {
            return false;
        }

        var covered = new byte[withoutChain.Length + 1];
        withoutChain.CopyTo(covered);
        covered[^1] = (byte)'}';
        result = new AuditLine(covered, sequence, chain);
        return true;
    }

    private static bool TryHex(ReadOnlySpan<byte> hex, Span<byte> output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            var hi = Nibble(hex[2 * i]);
            var lo = Nibble(hex[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            output[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
