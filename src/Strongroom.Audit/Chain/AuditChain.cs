using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Strongroom.Audit;

/// <summary>
/// The tamper-evident chain of one device. Each line is
/// <c>BODY ,"seq":N,"chain":"HEX"}\n</c> where BODY is the prefix plus the JSON object without its
/// closing brace, and HEX = HMAC-SHA256(key, previous chain (32 bytes) ‖ BODY ,"seq":N}).
/// The first line of a chain has seq 1 and a previous chain of 32 zero bytes. See docs/audit.md.
/// </summary>
internal sealed class AuditChain : IDisposable
{
    public const int MacSize = 32;

    private static readonly byte[] SeqMember = ",\"seq\":"u8.ToArray();
    private static readonly byte[] ChainMember = ",\"chain\":\""u8.ToArray();

    private readonly byte[] _key;
    private readonly byte[] _previous = new byte[MacSize];
    private readonly IncrementalHash _hmac;

    public AuditChain(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("An audit chain key must be at least 16 bytes.", nameof(key));
        }

        _key = key.ToArray();
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
    }

    /// <summary>The sequence number of the last stamped line (0 before the first).</summary>
    public long Sequence { get; private set; }

    /// <summary>Continues an existing chain (the last line already in the file).</summary>
    public void Resume(long sequence, ReadOnlySpan<byte> previousChain)
    {
        Sequence = sequence;
        previousChain.CopyTo(_previous);
    }

    public (long Sequence, byte[] Previous) Snapshot() => (Sequence, (byte[])_previous.Clone());

    public void Restore((long Sequence, byte[] Previous) snapshot)
    {
        Sequence = snapshot.Sequence;
        snapshot.Previous.CopyTo(_previous, 0);
    }

    /// <summary>
    /// Appends the stamped line (with trailing newline) for <paramref name="body"/> to <paramref name="output"/>.
    /// Not thread-safe: one writer stamps at a time.
    /// </summary>
    public void Stamp(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (body.Length < 2 || body[^1] != (byte)'}')
        {
            throw new ArgumentException("An audit body must end with a JSON object.", nameof(body));
        }

        Sequence++;
        var bodyWithoutBrace = body[..^1];
        Span<byte> seq = stackalloc byte[32];
        SeqMember.CopyTo(seq);
        Utf8Formatter.TryFormat(Sequence, seq[SeqMember.Length..], out var digits);
        seq = seq[..(SeqMember.Length + digits)];

        // HMAC(key, previous ‖ BODY-without-brace ‖ ,"seq":N}) with one reused keyed context.
        Span<byte> mac = stackalloc byte[MacSize];
        _hmac.AppendData(_previous);
        _hmac.AppendData(bodyWithoutBrace);
        _hmac.AppendData(seq);
        _hmac.AppendData("}"u8);
        _hmac.GetHashAndReset(mac);
        mac.CopyTo(_previous);

        var length = bodyWithoutBrace.Length + seq.Length + ChainMember.Length + (2 * MacSize) + 3;
        var span = output.GetSpan(length);
        bodyWithoutBrace.CopyTo(span);
        var at = bodyWithoutBrace.Length;
        seq.CopyTo(span[at..]);
        at += seq.Length;
        ChainMember.CopyTo(span[at..]);
        at += ChainMember.Length;
        WriteHexLower(mac, span.Slice(at, 2 * MacSize));
        at += 2 * MacSize;
        "\"}\n"u8.CopyTo(span[at..]);
        output.Advance(at + 3);
    }

    /// <summary>BODY-without-brace ‖ ,"seq":N}.</summary>
    internal static byte[] Covered(ReadOnlySpan<byte> bodyWithoutBrace, long sequence)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(sequence, digits, out var written);
        var covered = new byte[bodyWithoutBrace.Length + SeqMember.Length + written + 1];
        bodyWithoutBrace.CopyTo(covered);
        SeqMember.CopyTo(covered.AsSpan(bodyWithoutBrace.Length));
        digits[..written].CopyTo(covered.AsSpan(bodyWithoutBrace.Length + SeqMember.Length));
        covered[^1] = (byte)'}';
        return covered;
    }

    internal static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> covered, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(previous);
        hmac.AppendData(covered);
        hmac.GetHashAndReset(mac);
    }

    public void Dispose()
    {
        _hmac.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }

    private static void WriteHexLower(ReadOnlySpan<byte> bytes, Span<byte> utf8)
    {
        const string Digits = "0123456789abcdef";
        for (var i = 0; i < bytes.Length; i++)
        {
            utf8[2 * i] = (byte)Digits[bytes[i] >> 4];
            utf8[(2 * i) + 1] = (byte)Digits[bytes[i] & 0xF];
        }
    }
}
