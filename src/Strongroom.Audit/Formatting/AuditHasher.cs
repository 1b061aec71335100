using System.Security.Cryptography;
using System.Text;

namespace Strongroom.Audit;

/// <summary>
/// Vault's audit HMAC: "hmac-sha256:" + lower-case hex of HMAC-SHA256(salt, UTF-8 input).
/// Owns a copy of the salt and zeroes it on dispose.
/// </summary>
internal sealed class AuditHasher : IDisposable
{
    public const string Prefix = "hmac-sha256:";

    private readonly byte[] _salt;

    public AuditHasher(ReadOnlySpan<byte> salt)
    {
        if (salt.Length < 16)
        {
            throw new ArgumentException("An audit salt must be at least 16 bytes.", nameof(salt));
        }

        _salt = salt.ToArray();
    }

    public string Hash(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(input.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= 512 ? stackalloc byte[512] : (rented = new byte[maxBytes]);
        var length = Encoding.UTF8.GetBytes(input, buffer);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_salt, buffer[..length], mac);
        if (rented is not null)
        {
            CryptographicOperations.ZeroMemory(rented);
        }
        else
        {
            CryptographicOperations.ZeroMemory(buffer[..length]);
        }

        return string.Concat(Prefix, Convert.ToHexStringLower(mac));
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_salt);
}
