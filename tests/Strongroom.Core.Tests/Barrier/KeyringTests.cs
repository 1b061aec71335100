using System.Security.Cryptography;
using Strongroom.Core.Barrier;
using Strongroom.Core.Crypto;

namespace Strongroom.Core.Tests.Barrier;

public sealed class KeyringTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly byte[] rootKey = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void CreateNew_Always_HasTermOneWithInstallTime()
    {
        using var ring = Keyring.CreateNew(Start);

        Assert.Equal(1u, ring.ActiveTerm);
        Assert.Equal(Start, ring.ActiveInstallTime);
        Assert.Equal(32, ring.ActiveKey.Length);
        Assert.Null(ring.GetKey(2));
    }

    [Fact]
    public void WithNewTerm_Always_AddsHigherTermAndKeepsOldKeys()
    {
        using var ring = Keyring.CreateNew(Start);
        using var rotated = ring.WithNewTerm(Start.AddDays(1));

        Assert.Equal(2u, rotated.ActiveTerm);
        Assert.Equal(Start.AddDays(1), rotated.ActiveInstallTime);
        Assert.Equal(ring.GetKey(1), rotated.GetKey(1));
        Assert.NotEqual(rotated.GetKey(1), rotated.GetKey(2));
        Assert.NotSame(ring.GetKey(1), rotated.GetKey(1));
    }

    [Fact]
    public void EncryptThenDecrypt_RotatedRing_PreservesTermsKeysAndTimes()
    {
        using var ring = Keyring.CreateNew(Start);
        using var rotated = ring.WithNewTerm(Start.AddHours(5));

        using var restored = Keyring.Decrypt(rotated.Encrypt(rootKey), rootKey);

        Assert.Equal(2, restored.Count);
        Assert.Equal(2u, restored.ActiveTerm);
        Assert.Equal(Start.AddHours(5), restored.ActiveInstallTime);
        Assert.Equal(rotated.GetKey(1), restored.GetKey(1));
        Assert.Equal(rotated.GetKey(2), restored.GetKey(2));
    }

    [Fact]
    public void Decrypt_WrongRootKey_ThrowsBarrierDecryptionException()
    {
        using var ring = Keyring.CreateNew(Start);
        var stored = ring.Encrypt(rootKey);

        Assert.Throws<BarrierDecryptionException>(() => Keyring.Decrypt(stored, RandomNumberGenerator.GetBytes(32)));
    }

    [Fact]
    public void Decrypt_AnyByteFlipped_ThrowsBarrierDecryptionException()
    {
        using var ring = Keyring.CreateNew(Start);
        var stored = ring.Encrypt(rootKey);
        for (var i = 0; i < stored.Length; i++)
        {
            var tampered = (byte[])stored.Clone();
            tampered[i] ^= 0x80;
            Assert.Throws<BarrierDecryptionException>(() => Keyring.Decrypt(tampered, rootKey));
        }
    }

    [Fact]
    public void Encrypt_Always_BindsKeyringAssociatedDataAndRootTerm()
    {
        using var ring = Keyring.CreateNew(Start);
        var stored = ring.Encrypt(rootKey);

        Assert.Equal(Keyring.RootKeyTerm, AeadEnvelope.ReadTerm(stored));
        Assert.NotEmpty(AeadEnvelope.Decrypt(stored, rootKey, "core/keyring"u8));
        Assert.Throws<BarrierDecryptionException>(() => AeadEnvelope.Decrypt(stored, rootKey, "logical/core/keyring"u8));
    }

    [Fact]
    public void Decrypt_ValidEnvelopeWithMalformedPayload_ThrowsBarrierDecryptionException()
    {
        var notARing = AeadEnvelope.Encrypt(Keyring.RootKeyTerm, rootKey, [1, 0, 0, 0, 5], Keyring.AssociatedData);

        Assert.Throws<BarrierDecryptionException>(() => Keyring.Decrypt(notARing, rootKey));
    }

    [Fact]
    public void Dispose_Always_ZeroesEveryKey()
    {
        var ring = Keyring.CreateNew(Start).WithNewTerm(Start);
        var key1 = ring.GetKey(1)!;
        var key2 = ring.GetKey(2)!;

        ring.Dispose();

        Assert.All(key1, b => Assert.Equal(0, b));
        Assert.All(key2, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => ring.GetKey(1));
    }
}
