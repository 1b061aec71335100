using System.Text;
using Strongroom.Engines.Transit;

namespace Strongroom.Engines.Tests.Transit;

/// <summary>The hand-written Ed25519 against RFC 8032 section 7.1 and an independent implementation.</summary>
public sealed class Ed25519Tests
{
    // RFC 8032, 7.1, TEST 1 (a published test vector, not a secret).
    private const string Rfc8032Test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Test1Public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Rfc8032Test1Signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    // Seed 00 01 02 ... 1f; expected values computed with pyca/cryptography (OpenSSL).
    private const string CountingSeedPublic = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    private const string CountingSeedSignature = "acd3b71f226b678ed35143bab9ce059642d91193fe209c75acd3bf3fbb3fc0e2a5c38d6c7f3bdc9c8179a84691658d61a785e36eb65d0b6b5785ad50fcdc9906";

    [Fact]
    public void Rfc8032Test1_PublicKeyAndSignatureMatch()
    {
        var seed = Convert.FromHexString(Rfc8032Test1Seed);

        Assert.Equal(Rfc8032Test1Public, Convert.ToHexStringLower(Ed25519.PublicKeyFromSeed(seed)));
        Assert.Equal(Rfc8032Test1Signature, Convert.ToHexStringLower(Ed25519.Sign(seed, [])));
        Assert.True(Ed25519.Verify(Convert.FromHexString(Rfc8032Test1Public), [], Convert.FromHexString(Rfc8032Test1Signature)));
    }

    [Fact]
    public void CountingSeed_MatchesOpenSsl()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var message = Encoding.UTF8.GetBytes("strongroom test message");

        Assert.Equal(CountingSeedPublic, Convert.ToHexStringLower(Ed25519.PublicKeyFromSeed(seed)));
        Assert.Equal(CountingSeedSignature, Convert.ToHexStringLower(Ed25519.Sign(seed, message)));
    }

    [Fact]
    public void Verify_RejectsTamperingAndMalformedInput()
    {
        var publicKey = Convert.FromHexString(Rfc8032Test1Public);
        var signature = Convert.FromHexString(Rfc8032Test1Signature);

        for (var i = 0; i < 64; i += 9)
        {
            var copy = (byte[])signature.Clone();
            copy[i] ^= 0x04;
            Assert.False(Ed25519.Verify(publicKey, [], copy));
        }

        Assert.False(Ed25519.Verify(publicKey, [1], signature));
        Assert.False(Ed25519.Verify(publicKey.AsSpan(0, 31), [], signature));
        Assert.False(Ed25519.Verify(publicKey, [], signature.AsSpan(0, 63)));
        Assert.False(Ed25519.Verify(Enumerable.Repeat((byte)0xff, 32).ToArray(), [], signature));
    }
}
