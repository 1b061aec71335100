using System.Numerics;
using System.Security.Cryptography;

namespace Strongroom.Engines.Transit;

/// <summary>
/// Ed25519 (RFC 8032, section 5.1) over <see cref="BigInteger"/>: .NET's System.Security.Cryptography
/// has no Ed25519, and only System.Security.Cryptography is allowed for crypto here, so this is
/// hand-written from the RFC's reference algorithm (see README.md). It is correct but neither fast
/// nor constant-time; the private scalar stays in memory as BigInteger (not zeroable).
/// </summary>
internal static class Ed25519
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger Q = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point G = BasePoint();

    public static byte[] PublicKeyFromSeed(ReadOnlySpan<byte> seed)
    {
        var (a, _) = Expand(seed);
        return Compress(Multiply(a, G));
    }

    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        var (a, prefix) = Expand(seed);
        try
        {
            var publicKey = Compress(Multiply(a, G));
            var r = HashModQ(prefix, message);
            var rEncoded = Compress(Multiply(r, G));
            var h = HashModQ(rEncoded, publicKey, message);
            var s = Mod(r + (h * a), Q);
            var signature = new byte[64];
            rEncoded.CopyTo(signature, 0);
            ToBytes(s).CopyTo(signature, 32);
            return signature;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prefix);
        }
    }

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }

        if (Decompress(publicKey) is not { } a || Decompress(signature[..32]) is not { } r)
        {
            return false;
        }

        var s = new BigInteger(signature[32..], isUnsigned: true);
        if (s >= Q)
        {
            return false;
        }

        var h = HashModQ(signature[..32], publicKey, message);
        return Equal(Multiply(s, G), Add(r, Multiply(h, a)));
    }

    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);

    private static BigInteger Mod(BigInteger value, BigInteger? modulus = null)
    {
        var m = modulus ?? P;
        var r = value % m;
        return r.Sign < 0 ? r + m : r;
    }

    private static BigInteger Inverse(BigInteger x) => BigInteger.ModPow(x, P - 2, P);

    private static Point BasePoint()
    {
        var y = Mod(4 * Inverse(5));
        var x = RecoverX(y, 0)!.Value;
        return new Point(x, y, 1, Mod(x * y));
    }

    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(p.T * 2 * D * q.T);
        var d = Mod(p.Z * 2 * q.Z);
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static Point Multiply(BigInteger scalar, Point point)
    {
        var result = new Point(0, 1, 1, 0);
        while (scalar > 0)
        {
            if (!scalar.IsEven)
            {
                result = Add(result, point);
            }

            point = Add(point, point);
            scalar >>= 1;
        }

        return result;
    }

    private static bool Equal(Point p, Point q) =>
        Mod((p.X * q.Z) - (q.X * p.Z)).IsZero && Mod((p.Y * q.Z) - (q.Y * p.Z)).IsZero;

    private static BigInteger? RecoverX(BigInteger y, int sign)
    {
        if (y >= P)
        {
            return null;
        }

        var x2 = Mod(((y * y) - 1) * Inverse(Mod((D * y * y) + 1)));
        if (x2.IsZero)
        {
            return sign == 0 ? BigInteger.Zero : null;
        }

        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (!Mod((x * x) - x2).IsZero)
        {
            x = Mod(x * SqrtMinusOne);
        }

        if (!Mod((x * x) - x2).IsZero)
        {
            return null;
        }

        return (int)(x & 1) != sign ? P - x : x;
    }

    private static byte[] Compress(Point p)
    {
        var zInverse = Inverse(p.Z);
        var x = Mod(p.X * zInverse);
        var y = Mod(p.Y * zInverse);
        var bytes = ToBytes(y);
        bytes[31] |= (byte)((int)(x & 1) << 7);
        return bytes;
    }

    private static Point? Decompress(ReadOnlySpan<byte> encoded)
    {
        var copy = encoded.ToArray();
        var sign = copy[31] >> 7;
        copy[31] &= 0x7f;
        var y = new BigInteger(copy, isUnsigned: true);
        return RecoverX(y, sign) is { } x ? new Point(x, y, 1, Mod(x * y)) : null;
    }

    private static (BigInteger Scalar, byte[] Prefix) Expand(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException("Ed25519 seeds are 32 bytes", nameof(seed));
        }

        var h = SHA512.HashData(seed);
        h[0] &= 248;
        h[31] &= 127;
        h[31] |= 64;
        var a = new BigInteger(h.AsSpan(0, 32), isUnsigned: true);
        var prefix = h[32..];
        CryptographicOperations.ZeroMemory(h);
        return (a, prefix);
    }

    private static BigInteger HashModQ(params ReadOnlySpan<byte[]> parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        foreach (var part in parts)
        {
            sha.AppendData(part);
        }

        return Mod(new BigInteger(sha.GetHashAndReset(), isUnsigned: true), Q);
    }

    private static BigInteger HashModQ(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) =>
        HashModQ([first.ToArray(), second.ToArray()]);

    private static BigInteger HashModQ(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third) =>
        HashModQ([first.ToArray(), second.ToArray(), third.ToArray()]);

    private static byte[] ToBytes(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true);
        return bytes;
    }
}
