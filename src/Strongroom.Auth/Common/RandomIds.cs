using System.Security.Cryptography;

namespace Strongroom.Auth.Common;

/// <summary>Random identifiers from the system CSPRNG, formatted as version-4 UUIDs like Vault's.</summary>
internal static class RandomIds
{
    public static string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
