using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Strongroom.Core.Crypto;

namespace Strongroom.Core.Tests.Crypto;

public sealed class AeadEnvelopeTests
{
    private static readonly byte[] Aad = Encoding.UTF8.GetBytes("logical/secret/ai/openai");

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] plaintext = Encoding.UTF8.GetBytes("fake-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));

    [Fact]
    public void Encrypt_ThenDecrypt_RoundTrips()
    {
        var envelope = AeadEnvelope.Encrypt(7, key, plaintext, Aad);

        Assert.Equal(plaintext, AeadEnvelope.Decrypt(envelope, key, Aad));
    }

    [Fact]
    public void Encrypt_Always_WritesVersionTermAndLayout()
    {
        var envelope = AeadEnvelope.Encrypt(0x01020304, key, plaintext, Aad);

        Assert.Equal(AeadEnvelope.Version, envelope[0]);
        Assert.Equal(0x01020304u, BinaryPrimitives.ReadUInt32BigEndian(envelope.AsSpan(1)));
        Assert.Equal(0x01020304u, AeadEnvelope.ReadTerm(envelope));
        Assert.Equal(1 + 4 + 12 + plaintext.Length + 16, envelope.Length);
        Assert.False(envelope.AsSpan(17, plaintext.Length).SequenceEqual(plaintext));
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_UsesFreshNonces()
    {
        var first = AeadEnvelope.Encrypt(1, key, plaintext, Aad);
        var second = AeadEnvelope.Encrypt(1, key, plaintext, Aad);

        Assert.False(first.AsSpan(5, 12).SequenceEqual(second.AsSpan(5, 12)));
        Assert.False(first.AsSpan().SequenceEqual(second));
    }

    [Fact]
    public void Encrypt_EmptyPlaintext_RoundTrips()
    {
        var envelope = AeadEnvelope.Encrypt(1, key, [], Aad);

        Assert.Empty(AeadEnvelope.Decrypt(envelope, key, Aad));
    }

    [Fact]
    public void Decrypt_AnySingleByteFlipped_ThrowsBarrierDecryptionException()
    {
        var envelope = AeadEnvelope.Encrypt(3, key, plaintext, Aad);
        for (var i = 0; i < envelope.Length; i++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[i] ^= 0x01;
            Assert.Throws<BarrierDecryptionException>(() => AeadEnvelope.Decrypt(tampered, key, Aad));
        }
    }

    [Fact]
    public void Decrypt_WrongAssociatedData_ThrowsBarrierDecryptionException()
    {
        var envelope = AeadEnvelope.Encrypt(1, key, plaintext, Aad);

        Assert.Throws<BarrierDecryptionException>(() => AeadEnvelope.Decrypt(envelope, key, "logical/secret/other"u8));
    }

    [Fact]
    public void Decrypt_WrongKey_ThrowsBarrierDecryptionException()
    {
        var envelope = AeadEnvelope.Encrypt(1, key, plaintext, Aad);

        Assert.Throws<BarrierDecryptionException>(() => AeadEnvelope.Decrypt(envelope, RandomNumberGenerator.GetBytes(32), Aad));
    }

    [Fact]
    public void Decrypt_TruncatedOrExtended_ThrowsBarrierDecryptionException()
    {
        var envelope = AeadEnvelope.Encrypt(1, key, plaintext, Aad);

        for (var length = 0; length < envelope.Length; length++)
        {
            Assert.Throws<BarrierDecryptionException>(() => AeadEnvelope.Decrypt(envelope.AsSpan(0, length), key, Aad));
        }

        Assert.Throws<BarrierDecryptionException>(() => AeadEnvelope.Decrypt([.. envelope, 0], key, Aad));
    }

    [Fact]
    public void Decrypt_UnknownVersion_ThrowsBarrierDecryptionException()
    {
        var envelope = AeadEnvelope.Encrypt(1, key, plaintext, Aad);
        envelope[0] = 2;

        Assert.Throws<BarrierDecryptionException>(() => AeadEnvelope.ReadTerm(envelope));
        Assert.Throws<BarrierDecryptionException>(() => AeadEnvelope.Decrypt(envelope, key, Aad));
    }

    [Fact]
    public void Decrypt_Failure_HasFixedMessageAndNoInnerCause()
    {
        var envelope = AeadEnvelope.Encrypt(1, key, plaintext, Aad);
        envelope[^1] ^= 0xFF;

        var ex = Assert.Throws<BarrierDecryptionException>(() => AeadEnvelope.Decrypt(envelope, key, Aad));
        Assert.Equal(new BarrierDecryptionException().Message, ex.Message);
        Assert.Null(ex.InnerException);
        Assert.IsAssignableFrom<CryptographicException>(ex);
    }

    [Fact]
    public void Encrypt_KeyNot32Bytes_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => AeadEnvelope.Encrypt(1, new byte[16], plaintext, Aad));
    }
}
