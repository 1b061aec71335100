using Strongroom.Core.Crypto;

namespace Strongroom.Core.Tests.Crypto;

public sealed class GaloisFieldTests
{
    [Theory]
    [InlineData(3, 7, 9)]        // Vault shamir_test.go TestField_Mult
    [InlineData(3, 0, 0)]
    [InlineData(0, 3, 0)]
    [InlineData(0x57, 0x83, 0xC1)] // FIPS-197 §4.2
    [InlineData(0x57, 0x13, 0xFE)] // FIPS-197 §4.2.1
    [InlineData(0x53, 0xCA, 0x01)] // 0x53 and 0xCA are inverses (FIPS-197 S-box derivation)
    public void Multiply_KnownVectors_MatchReference(int a, int b, int expected)
    {
        Assert.Equal((byte)expected, GaloisField.Multiply((byte)a, (byte)b));
    }

    [Theory]
    [InlineData(0, 7, 0)] // Vault TestField_Divide
    [InlineData(3, 3, 1)]
    [InlineData(6, 3, 2)]
    public void Divide_KnownVectors_MatchVault(int a, int b, int expected)
    {
        Assert.Equal((byte)expected, GaloisField.Divide((byte)a, (byte)b));
    }

    [Fact]
    public void Add_KnownVectors_IsXor()
    {
        Assert.Equal(0, GaloisField.Add(16, 16));
        Assert.Equal(7, GaloisField.Add(3, 4));
    }

    [Fact]
    public void Inverse_EveryNonZeroElement_MultipliesToOne()
    {
        for (var a = 1; a < 256; a++)
        {
            Assert.Equal(1, GaloisField.Multiply((byte)a, GaloisField.Inverse((byte)a)));
        }
    }

    [Fact]
    public void Multiply_AllPairs_MatchesSlowCarrylessReference()
    {
        for (var a = 0; a < 256; a++)
        {
            for (var b = 0; b < 256; b++)
            {
                Assert.Equal(Reference(a, b), GaloisField.Multiply((byte)a, (byte)b));
            }
        }
    }

    [Fact]
    public void Divide_ByZero_Throws()
    {
        Assert.Throws<DivideByZeroException>(() => GaloisField.Divide(5, 0));
    }

    // Schoolbook carry-less multiplication then reduction modulo 0x11B.
    private static byte Reference(int a, int b)
    {
        var product = 0;
        for (var i = 0; i < 8; i++)
        {
            if ((b & (1 << i)) != 0)
            {
                product ^= a << i;
            }
        }

        for (var bit = 14; bit >= 8; bit--)
        {
            if ((product & (1 << bit)) != 0)
            {
                product ^= 0x11B << (bit - 8);
            }
        }

        return (byte)product;
    }
}
