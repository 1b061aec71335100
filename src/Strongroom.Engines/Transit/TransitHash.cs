using System.Security.Cryptography;

namespace Strongroom.Engines.Transit;

/// <summary>
/// Vault's hash algorithm names. SHA-224 variants are not offered by .NET's
/// System.Security.Cryptography, so they are refused with a clear error.
/// </summary>
internal static class TransitHash
{
    public static HashAlgorithmName Parse(string? name)
    {
        var algorithm = name switch
        {
            null or "" or "sha2-256" or "sha256" => HashAlgorithmName.SHA256,
            "sha2-384" or "sha384" => HashAlgorithmName.SHA384,
            "sha2-512" or "sha512" => HashAlgorithmName.SHA512,
            "sha1" => HashAlgorithmName.SHA1,
            "sha3-256" => HashAlgorithmName.SHA3_256,
            "sha3-384" => HashAlgorithmName.SHA3_384,
            "sha3-512" => HashAlgorithmName.SHA3_512,
            "sha2-224" or "sha3-224" or "sha2-512/224" or "sha2-512/256" => throw new TransitUserException($"unsupported hash algorithm {name}"),
            _ => throw new TransitUserException($"unsupported hash algorithm {name}"),
        };
        if ((algorithm == HashAlgorithmName.SHA3_256 && !SHA3_256.IsSupported)
            || (algorithm == HashAlgorithmName.SHA3_384 && !SHA3_384.IsSupported)
            || (algorithm == HashAlgorithmName.SHA3_512 && !SHA3_512.IsSupported))
        {
            throw new TransitUserException($"unsupported hash algorithm {name}: not available on this platform");
        }

        return algorithm;
    }

    public static byte[] Hash(HashAlgorithmName algorithm, ReadOnlySpan<byte> input)
    {
        if (algorithm == HashAlgorithmName.SHA256) { return SHA256.HashData(input); }
        if (algorithm == HashAlgorithmName.SHA384) { return SHA384.HashData(input); }
        if (algorithm == HashAlgorithmName.SHA512) { return SHA512.HashData(input); }
#pragma warning disable CA5350 // SHA-1 is offered because Vault offers it; the caller chooses it explicitly.
        if (algorithm == HashAlgorithmName.SHA1) { return SHA1.HashData(input); }
#pragma warning restore CA5350
        if (algorithm == HashAlgorithmName.SHA3_256) { return SHA3_256.HashData(input); }
        if (algorithm == HashAlgorithmName.SHA3_384) { return SHA3_384.HashData(input); }
        return SHA3_512.HashData(input);
    }

    public static byte[] Hmac(HashAlgorithmName algorithm, byte[] key, ReadOnlySpan<byte> input)
    {
        if (algorithm == HashAlgorithmName.SHA256) { return HMACSHA256.HashData(key, input); }
        if (algorithm == HashAlgorithmName.SHA384) { return HMACSHA384.HashData(key, input); }
        if (algorithm == HashAlgorithmName.SHA512) { return HMACSHA512.HashData(key, input); }
#pragma warning disable CA5350 // HMAC-SHA1 is offered because Vault offers it.
        if (algorithm == HashAlgorithmName.SHA1) { return HMACSHA1.HashData(key, input); }
#pragma warning restore CA5350
        if (algorithm == HashAlgorithmName.SHA3_256) { return HMACSHA3_256.HashData(key, input); }
        if (algorithm == HashAlgorithmName.SHA3_384) { return HMACSHA3_384.HashData(key, input); }
        return HMACSHA3_512.HashData(key, input);
    }
}
