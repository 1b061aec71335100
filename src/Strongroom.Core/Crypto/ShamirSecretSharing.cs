using System.Security.Cryptography;

namespace Strongroom.Core.Crypto;

/// <summary>
/// Shamir's secret sharing over GF(2^8), byte-compatible with HashiCorp Vault's <c>shamir</c>
/// package: one random polynomial of degree threshold-1 per secret byte, each share is the
/// y values followed by its one-byte x coordinate (unique, non-zero, randomly chosen).
/// Hand-written; see README.md in this folder.
/// </summary>
public static class ShamirSecretSharing
{
    /// <summary>Bytes a share adds to the secret's length (the trailing x coordinate).</summary>
    public const int ShareOverhead = 1;

    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="parts"/> shares of which any
    /// <paramref name="threshold"/> recover it. Requires 2 &lt;= threshold &lt;= parts &lt;= 255.
    /// </summary>
    public static byte[][] Split(ReadOnlySpan<byte> secret, int parts, int threshold)
    {
        if (threshold < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), "threshold must be at least 2");
        }

        if (parts < threshold)
        {
            throw new ArgumentOutOfRangeException(nameof(parts), "parts cannot be less than threshold");
        }

        if (parts > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(parts), "parts cannot exceed 255");
        }

        if (secret.IsEmpty)
        {
            throw new ArgumentException("cannot split an empty secret", nameof(secret));
        }

        // Random distinct x coordinates in 1..255 (Vault uses a random permutation too).
        Span<byte> xs = stackalloc byte[255];
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = (byte)(i + 1);
        }

        RandomNumberGenerator.Shuffle(xs);

        var shares = new byte[parts][];
        for (var i = 0; i < parts; i++)
        {
            shares[i] = new byte[secret.Length + ShareOverhead];
            shares[i][secret.Length] = xs[i];
        }

        var coefficients = new byte[threshold];
        try
        {
            for (var index = 0; index < secret.Length; index++)
            {
                MakePolynomial(secret[index], coefficients);
                for (var i = 0; i < parts; i++)
                {
                    shares[i][index] = Evaluate(coefficients, xs[i]);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(coefficients);
        }

        return shares;
    }

    /// <summary>
    /// Recombines shares produced by <see cref="Split"/>. With fewer than the threshold the result
    /// is a wrong value of the right length (Shamir cannot tell); malformed input (fewer than two
    /// shares, differing lengths, duplicate or zero x) throws <see cref="ArgumentException"/>.
    /// </summary>
    public static byte[] Combine(IReadOnlyList<byte[]> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count < 2)
        {
            throw new ArgumentException("less than two parts cannot be used to reconstruct the secret", nameof(parts));
        }

        if (parts.Count > 255)
        {
            throw new ArgumentException("more than 255 parts", nameof(parts));
        }

        var length = parts[0]?.Length ?? 0;
        if (length < 2)
        {
            throw new ArgumentException("parts must be at least two bytes", nameof(parts));
        }

        var xs = new byte[parts.Count];
        var seen = new bool[256];
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part is null || part.Length != length)
            {
                throw new ArgumentException("all parts must be the same length", nameof(parts));
            }

            var x = part[length - 1];
            if (x == 0 || seen[x])
            {
                throw new ArgumentException("duplicate or invalid part detected", nameof(parts));
            }

            seen[x] = true;
            xs[i] = x;
        }

        // Lagrange basis at x = 0 depends only on the x coordinates: compute once.
        var basis = new byte[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            byte b = 1;
            for (var j = 0; j < parts.Count; j++)
            {
                if (i != j)
                {
                    // (0 - x_j) / (x_i - x_j); subtraction is XOR in GF(2^8).
                    b = GaloisField.Multiply(b, GaloisField.Divide(xs[j], GaloisField.Add(xs[i], xs[j])));
                }
            }

            basis[i] = b;
        }

        var secret = new byte[length - 1];
        for (var index = 0; index < secret.Length; index++)
        {
            byte value = 0;
            for (var i = 0; i < parts.Count; i++)
            {
                value ^= GaloisField.Multiply(parts[i][index], basis[i]);
            }

            secret[index] = value;
        }

        return secret;
    }

    /// <summary>Random coefficients with the given intercept; the leading one is non-zero (as in Vault).</summary>
    private static void MakePolynomial(byte intercept, byte[] coefficients)
    {
        coefficients[0] = intercept;
        var degree = coefficients.Length - 1;
        do
        {
            RandomNumberGenerator.Fill(coefficients.AsSpan(1));
        }
        while (coefficients[degree] == 0);
    }

    /// <summary>Horner's method.</summary>
    internal static byte Evaluate(ReadOnlySpan<byte> coefficients, byte x)
    {
        var result = coefficients[^1];
        for (var i = coefficients.Length - 2; i >= 0; i--)
        {
            result = GaloisField.Add(GaloisField.Multiply(result, x), coefficients[i]);
        }

        return result;
    }
}
