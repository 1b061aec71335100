using System.Globalization;
using System.Security.Cryptography;

namespace Strongroom.Engines.Transit;

/// <summary>
/// The cryptography of the transit engine, byte-compatible with Vault: ciphertexts are
/// <c>vault:v&lt;N&gt;:base64(nonce‖ciphertext‖tag)</c> with a 96-bit random nonce (AES-GCM,
/// ChaCha20-Poly1305) or RSA-OAEP-SHA256; derived keys are HKDF-SHA256(key, salt: none, info:
/// context); signatures and HMACs are <c>vault:v&lt;N&gt;:base64(...)</c>.
/// </summary>
internal static class TransitCrypto
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static TransitKeyVersion GenerateVersion(TransitKeyType type, int hmacKeySize, DateTimeOffset now)
    {
        var version = new TransitKeyVersion { CreationTime = now, HmacKey = RandomNumberGenerator.GetBytes(32) };
        switch (type)
        {
            case TransitKeyType.Hmac:
                version.HmacKey = RandomNumberGenerator.GetBytes(hmacKeySize);
                break;
            case TransitKeyType.EcdsaP256 or TransitKeyType.EcdsaP384:
                using (var ecdsa = ECDsa.Create(type == TransitKeyType.EcdsaP256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384))
                {
                    version.PrivateKey = ecdsa.ExportPkcs8PrivateKey();
                    version.PublicKey = ecdsa.ExportSubjectPublicKeyInfo();
                }

                break;
            case TransitKeyType.Rsa2048 or TransitKeyType.Rsa3072 or TransitKeyType.Rsa4096:
                using (var rsa = RSA.Create(type.RsaBits()))
                {
                    version.PrivateKey = rsa.ExportPkcs8PrivateKey();
                    version.PublicKey = rsa.ExportSubjectPublicKeyInfo();
                }

                break;
            default:
                version.Key = RandomNumberGenerator.GetBytes(type.SymmetricKeyLength());
                break;
        }

        return version;
    }

    /// <summary>Encrypts with the requested (0 = latest) version; returns the Vault ciphertext and the version used.</summary>
    public static (string Ciphertext, int Version) Encrypt(TransitKey key, int requestedVersion, ReadOnlySpan<byte> plaintext, byte[]? context, byte[]? associatedData)
    {
        var type = key.Type;
        if (!type.SupportsEncryption())
        {
            throw new TransitUserException($"key type {type.Name()} does not support encryption");
        }

        var (version, material) = key.ForEncryption(requestedVersion);
        byte[] payload;
        if (type.IsRsa())
        {
            RejectAssociatedData(key, associatedData);
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(material.PrivateKey, out _);
            try
            {
                payload = rsa.Encrypt(plaintext.ToArray(), RSAEncryptionPadding.OaepSHA256);
            }
            catch (CryptographicException e)
            {
                throw new TransitUserException("plaintext is too long for this RSA key", e);
            }
        }
        else
        {
            var encryptionKey = EncryptionKey(key, material, context);
            try
            {
                payload = new byte[NonceSize + plaintext.Length + TagSize];
                var nonce = payload.AsSpan(0, NonceSize);
                RandomNumberGenerator.Fill(nonce);
                Seal(type, encryptionKey, nonce, plaintext, payload.AsSpan(NonceSize, plaintext.Length), payload.AsSpan(NonceSize + plaintext.Length), associatedData);
            }
            finally
            {
                ZeroIfDerived(key, encryptionKey);
            }
        }

        return (Format(version, payload), version);
    }

    /// <summary>Decrypts a Vault ciphertext; every authentication failure is one message.</summary>
    public static byte[] Decrypt(TransitKey key, string ciphertext, byte[]? context, byte[]? associatedData) =>
        Decrypt(key, ciphertext, context, associatedData, out _);

    public static byte[] Decrypt(TransitKey key, string ciphertext, byte[]? context, byte[]? associatedData, out int version)
    {
        var type = key.Type;
        if (!type.SupportsEncryption())
        {
            throw new TransitUserException($"key type {type.Name()} does not support decryption");
        }

        (version, var payload) = Parse(ciphertext, "ciphertext");
        var material = key.ForDecryption(version);
        if (type.IsRsa())
        {
            RejectAssociatedData(key, associatedData);
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(material.PrivateKey, out _);
            try
            {
                return rsa.Decrypt(payload, RSAEncryptionPadding.OaepSHA256);
            }
            catch (CryptographicException e)
            {
                throw new TransitUserException("failed to decrypt: message authentication failed", e);
            }
        }

        if (payload.Length < NonceSize + TagSize)
        {
            throw new TransitUserException("invalid ciphertext: too short");
        }

        var encryptionKey = EncryptionKey(key, material, context);
        var plaintext = new byte[payload.Length - NonceSize - TagSize];
        try
        {
            Open(type, encryptionKey, payload.AsSpan(0, NonceSize), payload.AsSpan(NonceSize, plaintext.Length), payload.AsSpan(NonceSize + plaintext.Length), plaintext, associatedData);
            return plaintext;
        }
        catch (CryptographicException e)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new TransitUserException("cipher: message authentication failed", e);
        }
        finally
        {
            ZeroIfDerived(key, encryptionKey);
        }
    }

    /// <summary>"vault:v&lt;version&gt;:" + base64(payload).</summary>
    public static string Format(int version, ReadOnlySpan<byte> payload) =>
        string.Create(CultureInfo.InvariantCulture, $"vault:v{version}:{Convert.ToBase64String(payload)}");

    /// <summary>Splits a <c>vault:vN:base64</c> value into its version and decoded payload.</summary>
    public static (int Version, byte[] Payload) Parse(string value, string what, bool base64Url = false)
    {
        if (!value.StartsWith("vault:v", StringComparison.Ordinal))
        {
            throw new TransitUserException($"invalid {what}: no prefix");
        }

        var colon = value.IndexOf(':', 7);
        if (colon < 0 || !int.TryParse(value.AsSpan(7, colon - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw new TransitUserException($"invalid {what}: could not parse version");
        }

        var body = value[(colon + 1)..];
        try
        {
            return (version, base64Url ? Base64UrlDecode(body) : Convert.FromBase64String(body));
        }
        catch (FormatException e)
        {
            throw new TransitUserException($"invalid {what}: could not decode base64", e);
        }
    }

    /// <summary>Standard base64 as Vault requires for plaintext, context, input, associated_data.</summary>
    public static byte[] DecodeBase64(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException e)
        {
            throw new TransitUserException($"failed to base64-decode {field}", e);
        }
    }

    public static string Base64UrlEncode(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException() };
        return Convert.FromBase64String(s);
    }

    private static void RejectAssociatedData(TransitKey key, byte[]? associatedData)
    {
        if (associatedData is { Length: > 0 })
        {
            throw new TransitUserException($"associated_data provided for non-AEAD cipher suite {key.TypeName}");
        }
    }

    private static byte[] EncryptionKey(TransitKey key, TransitKeyVersion material, byte[]? context)
    {
        var baseKey = material.Key ?? throw new InvalidOperationException("AEAD key version without key material");
        if (!key.Derived)
        {
            return baseKey;
        }

        if (context is not { Length: > 0 })
        {
            throw new TransitUserException("missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key");
        }

        return HKDF.DeriveKey(HashAlgorithmName.SHA256, baseKey, baseKey.Length, salt: [], info: context);
    }

    private static void ZeroIfDerived(TransitKey key, byte[] encryptionKey)
    {
        if (key.Derived)
        {
            CryptographicOperations.ZeroMemory(encryptionKey);
        }
    }

    private static void Seal(TransitKeyType type, byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, byte[]? associatedData)
    {
        if (type == TransitKeyType.ChaCha20Poly1305)
        {
            using var chacha = new ChaCha20Poly1305(key);
            chacha.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        else
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
    }

    private static void Open(TransitKeyType type, byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, byte[]? associatedData)
    {
        if (type == TransitKeyType.ChaCha20Poly1305)
        {
            using var chacha = new ChaCha20Poly1305(key);
            chacha.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
        }
        else
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
        }
    }
}
