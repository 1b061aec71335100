using System.Security.Cryptography;

namespace Strongroom.Core.Pipeline;

/// <summary>
/// Request ids: random version-4 UUIDs like Vault's, drawn from a per-thread buffer of
/// cryptographically random bytes refilled 256 ids at a time (one RNG call instead of one per
/// request). Ids are not secrets; they only need to be unique.
/// </summary>
internal static class RequestIds
{
    private const int BufferSize = 16 * 256;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_offset;

    public static string New()
    {
        var buffer = t_buffer;
        if (buffer is null || t_offset >= BufferSize)
        {
            buffer = t_buffer ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(buffer);
            t_offset = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        buffer.AsSpan(t_offset, 16).CopyTo(bytes);
        t_offset += 16;
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (high nibble of the little-endian third field)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}
