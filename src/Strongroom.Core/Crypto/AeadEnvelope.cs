using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Strongroom.Core.Crypto;

/// <summary>
/// The one ciphertext format: <c>version(1) ‖ keyTerm(uint32 BE) ‖ nonce(12) ‖ ciphertext ‖ tag(16)</c>,
/// AES-256-GCM with a fresh random nonce per encryption. The header (version and term) is bound
/// into the associated data together with the caller's data (the storage path), so neither can be
/// swapped. Every decryption failure is a <see cref="BarrierDecryptionException"/>.
/// </summary>
internal static class AeadEnvelope
{
    public const byte Version = 1;
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int HeaderSize = 1 + 4 + NonceSize;
    public const int Overhead = HeaderSize + TagSize;

    /// <summary>Encrypts <paramref name="plaintext"/> under <paramref name="key"/> (32 bytes), labelled with <paramref name="term"/>.</summary>
    public static byte[] Encrypt(uint term, ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("key must be 32 bytes", nameof(key));
        }

        using var aes = new AesGcm(key, TagSize);
        return Encrypt(term, aes, plaintext, associatedData);
    }

    /// <summary>Encrypts with an already keyed <paramref name="aes"/> (from an <see cref="AesGcmPool"/>).</summary>
    public static byte[] Encrypt(uint term, AesGcm aes, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        ArgumentNullException.ThrowIfNull(aes);
        var envelope = new byte[Overhead + plaintext.Length];
        envelope[0] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(1, 4), term);
        var nonce = envelope.AsSpan(5, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        var aad = BuildAssociatedData(envelope.AsSpan(0, 5), associatedData);
        aes.Encrypt(
            nonce,
            plaintext,
            envelope.AsSpan(HeaderSize, plaintext.Length),
            envelope.AsSpan(HeaderSize + plaintext.Length, TagSize),
            aad);
        return envelope;
    }

    /// <summary>The key term an envelope claims; throws <see cref="BarrierDecryptionException"/> if it is not an envelope.</summary>
    public static uint ReadTerm(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < Overhead || envelope[0] != Version)
        {
            throw new BarrierDecryptionException();
        }

        return BinaryPrimitives.ReadUInt32BigEndian(envelope.Slice(1, 4));
    }

    /// <summary>Decrypts and authenticates; any failure is a <see cref="BarrierDecryptionException"/>.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> key, ReadOnlySpan<byte> associatedData)
    {
        _ = ReadTerm(envelope);
        if (key.Length != KeySize)
        {
            throw new BarrierDecryptionException();
        }

        using var aes = new AesGcm(key, TagSize);
        return Decrypt(envelope, aes, associatedData);
    }

    /// <summary>Decrypts with an already keyed <paramref name="aes"/> (from an <see cref="AesGcmPool"/>).</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> envelope, AesGcm aes, ReadOnlySpan<byte> associatedData)
    {
        ArgumentNullException.ThrowIfNull(aes);
        _ = ReadTerm(envelope);
        var plaintextLength = envelope.Length - Overhead;
        var plaintext = new byte[plaintextLength];
        var aad = BuildAssociatedData(envelope[..5], associatedData);
        try
        {
            aes.Decrypt(
                envelope.Slice(5, NonceSize),
                envelope.Slice(HeaderSize, plaintextLength),
                envelope.Slice(HeaderSize + plaintextLength, TagSize),
                plaintext,
                aad);
            return plaintext;
        }
        catch (CryptographicException)
        {
            // Deliberately no inner exception: the cause (tag mismatch, ...) is not disclosed.
            CryptographicOperations.ZeroMemory(plaintext);
            throw new BarrierDecryptionException();
        }
    }

    private static byte[] BuildAssociatedData(ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData)
    {
        var aad = new byte[header.Length + associatedData.Length];
        header.CopyTo(aad);
        associatedData.CopyTo(aad.AsSpan(header.Length));
        return aad;
    }
}
