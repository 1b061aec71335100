using System.Security.Cryptography;

namespace Strongroom.Engines.Transit;

/// <summary>Signatures and HMACs in Vault's <c>vault:vN:...</c> form.</summary>
internal static class TransitSigner
{
    public static (string Signature, int Version) Sign(TransitKey key, int requestedVersion, byte[] input, SignOptions options)
    {
        var type = key.Type;
        if (!type.SupportsSigning())
        {
            throw new TransitUserException($"key type {type.Name()} does not support signing");
        }

        var (version, material) = key.ForEncryption(requestedVersion);
        var hash = Digest(input, options);
        if (type.IsEcdsa())
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(material.PrivateKey, out _);
            if (options.Jws)
            {
                var raw = ecdsa.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                return ($"vault:v{version}:{TransitCrypto.Base64UrlEncode(raw)}", version);
            }

            return (TransitCrypto.Format(version, ecdsa.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence)), version);
        }

        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(material.PrivateKey, out _);
        return (TransitCrypto.Format(version, rsa.SignHash(hash, options.Hash, Padding(options))), version);
    }

    /// <summary>True when the signature is valid; malformed signatures are errors, wrong ones are false.</summary>
    public static bool Verify(TransitKey key, byte[] input, string signature, SignOptions options)
    {
        var type = key.Type;
        if (!type.SupportsSigning())
        {
            throw new TransitUserException($"key type {type.Name()} does not support verification");
        }

        var (version, sig) = TransitCrypto.Parse(signature, "signature", base64Url: type.IsEcdsa() && options.Jws);
        var material = key.ForDecryption(version);
        var hash = Digest(input, options);
        if (type.IsEcdsa())
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(material.PublicKey, out _);
            return ecdsa.VerifyHash(hash, sig, options.Jws ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(material.PublicKey, out _);
        return rsa.VerifyHash(hash, sig, options.Hash, Padding(options));
    }

    public static (string Hmac, int Version) Hmac(TransitKey key, int requestedVersion, byte[] input, HashAlgorithmName algorithm)
    {
        var (version, material) = key.ForEncryption(requestedVersion);
        return (TransitCrypto.Format(version, TransitHash.Hmac(algorithm, material.HmacKey, input)), version);
    }

    public static bool VerifyHmac(TransitKey key, byte[] input, string hmac, HashAlgorithmName algorithm)
    {
        var (version, expected) = TransitCrypto.Parse(hmac, "hmac");
        var material = key.ForDecryption(version);
        var actual = TransitHash.Hmac(algorithm, material.HmacKey, input);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Digest(byte[] input, SignOptions options)
    {
        if (!options.Prehashed)
        {
            return TransitHash.Hash(options.Hash, input);
        }

        var expected = TransitHash.Hash(options.Hash, []).Length;
        return input.Length == expected
            ? input
            : throw new TransitUserException("prehashed input has the wrong length for the hash algorithm");
    }

    private static RSASignaturePadding Padding(SignOptions options) =>
        options.Pkcs1v15 ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;
}
