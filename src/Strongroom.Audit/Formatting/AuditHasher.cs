using System.Security.Cryptography;
using System.Text;

namespace Strongroom.Audit;

/// <summary>
/// Vault's audit HMAC: "hmac-sha256:" + lower-case hex of HMAC-SHA256(salt, UTF-8 input).
/// Owns a copy of the salt and zeroes it on dispose. Each thread reuses one keyed HMAC context
/// (no key set-up per value); the formatter calls this for every string it writes.
/// </summary>
internal sealed class AuditHasher : IDisposable
{
    public const string Prefix = "hmac-sha256:";

    private readonly byte[] _salt;
    private readonly ThreadLocal<IncrementalHash> _hmac;

    public AuditHasher(ReadOnlySpan<byte> salt)
    {
        if (salt.Length < 16)
        {
            throw new ArgumentException("An audit salt must be at least 16 bytes.", nameof(salt));
        }

        _salt = salt.ToArray();
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _salt), trackAllValues: true);
    }

    public string Hash(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(input.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= 512 ? stackalloc byte[512] : (rented = new byte[maxBytes]);
        var length = Encoding.UTF8.GetBytes(input, buffer);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var hmac = _hmac.Value!;
        hmac.AppendData(buffer[..length]);
        hmac.GetHashAndReset(mac);
        if (rented is not null)
        {
            CryptographicOperations.ZeroMemory(rented);
        }
        else
        {
            CryptographicOperations.ZeroMemory(buffer[..length]);
        }

        Span<char> text = stackalloc char[Prefix.Length + (2 * HMACSHA256.HashSizeInBytes)];
        Prefix.CopyTo(text);
        Convert.TryToHexStringLower(mac, text[Prefix.Length..], out _);
        return new string(text);
    }

    public void Dispose()
    {
        foreach (var hmac in _hmac.Values)
        {
            hmac.Dispose();
        }

        _hmac.Dispose();
        CryptographicOperations.ZeroMemory(_salt);
    }
}
