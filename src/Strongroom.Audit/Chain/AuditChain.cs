using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

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

    public AuditChain(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("An audit chain key must be at least 16 bytes.", nameof(key));
        }

        _key = key.ToArray();
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

    /// <summary>Appends the stamped line (with trailing newline) for <paramref name="body"/> to <paramref name="output"/>.</summary>
    public void Stamp(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        if (body.Length < 2 || body[^1] != (byte)'}')
        {
            throw new ArgumentException("An audit body must end with a JSON object.", nameof(body));
        }

        Sequence++;
        var covered = Covered(body[..^1], Sequence);
        Span<byte> mac = stackalloc byte[MacSize];
        Compute(_key, _previous, covered, mac);
        mac.CopyTo(_previous);

        output.Write(covered.AsSpan(0, covered.Length - 1));
        output.Write(ChainMember);
        output.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(mac)));
        output.Write("\"}\n"u8);
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

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
