namespace Strongroom.Core.Crypto;

/// <summary>
/// Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B),
/// the field HashiCorp Vault's shamir package uses. Multiplication is branch-free
/// shift-and-add over all eight bits and inversion is a fixed exponentiation (a^254), so the
/// running time does not depend on the (secret) operands; there are no table lookups.
/// </summary>
internal static class GaloisField
{
    public static byte Add(byte a, byte b) => (byte)(a ^ b);

    public static byte Multiply(byte a, byte b)
    {
        int result = 0;
        int x = a;
        int y = b;
        for (var i = 0; i < 8; i++)
        {
            // mask is 0xFF when the low bit of y is set, 0 otherwise: no data-dependent branch.
            result ^= x & -(y & 1);
            var carry = -((x >> 7) & 1);
            x = ((x << 1) ^ (0x1B & carry)) & 0xFF;
            y >>= 1;
        }

        return (byte)result;
    }

    /// <summary>The multiplicative inverse (a^254); Inverse(0) is 0 by convention.</summary>
    public static byte Inverse(byte a)
    {
        // a^254 = a^(2+4+8+16+32+64+128): square-and-multiply with a fixed sequence of operations.
        var square = Multiply(a, a);   // a^2
        var result = square;           // a^2
        for (var i = 0; i < 6; i++)
        {
            square = Multiply(square, square);   // a^4, a^8, ..., a^128
            result = Multiply(result, square);
        }

        return result;
    }

    /// <summary>a / b; throws on b == 0 (only reachable through a bug: x coordinates are non-zero and distinct).</summary>
    public static byte Divide(byte a, byte b)
    {
        if (b == 0)
        {
            throw new DivideByZeroException();
        }

        return Multiply(a, Inverse(b));
    }
}
