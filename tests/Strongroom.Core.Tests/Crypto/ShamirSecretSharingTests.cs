using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Strongroom.Core.Crypto;

namespace Strongroom.Core.Tests.Crypto;

public sealed class ShamirSecretSharingTests
{
    [Theory]
    [InlineData(0, 0)] // the cases of Vault's TestSplit_invalid
    [InlineData(2, 3)]
    [InlineData(1000, 3)]
    [InlineData(10, 1)]
    [InlineData(256, 2)]
    public void Split_InvalidPartsOrThreshold_ThrowsArgumentException(int parts, int threshold)
    {
        Assert.ThrowsAny<ArgumentException>(() => ShamirSecretSharing.Split("test"u8, parts, threshold));
    }

    [Fact]
    public void Split_EmptySecret_ThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => ShamirSecretSharing.Split([], 3, 2));
    }

    [Fact]
    public void Split_FiveOfThree_SharesAreSecretLengthPlusOneWithUniqueNonZeroX()
    {
        var shares = ShamirSecretSharing.Split("test"u8, 5, 3);

        Assert.Equal(5, shares.Length);
        Assert.All(shares, s => Assert.Equal(5, s.Length));
        var xs = shares.Select(s => s[^1]).ToList();
        Assert.DoesNotContain((byte)0, xs);
        Assert.Equal(5, xs.Distinct().Count());
    }

    [Fact]
    public void Split_MaximumParts_UsesEveryNonZeroXOnce()
    {
        var shares = ShamirSecretSharing.Split("k"u8, 255, 2);

        Assert.Equal(Enumerable.Range(1, 255).Select(i => (byte)i), shares.Select(s => s[^1]).Order());
    }

    [Fact]
    public void Combine_EveryOrderedTripleOfFive_RecoversSecret()
    {
        // Vault's TestCombine: all 5*4*3 choices.
        var secret = "test"u8.ToArray();
        var shares = ShamirSecretSharing.Split(secret, 5, 3);
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                for (var k = 0; k < 5; k++)
                {
                    if (i == j || j == k || i == k)
                    {
                        continue;
                    }

                    Assert.Equal(secret, ShamirSecretSharing.Combine([shares[i], shares[j], shares[k]]));
                }
            }
        }
    }

    [Fact]
    public void Combine_FixedVaultFormatShares_RecoversKnownSecret()
    {
        // Vault-format shares (y bytes then x) from elcritch/keyxn tests/test_shamir.nim, a port of
        // Vault's shamir package: 3-of-5 shares of "test" with x = 1..5.
        string[] hex = ["C8EF4C4201", "9673E6A402", "2AF9D99203", "992DC30904", "25A7FC3F05"];
        var shares = hex.Select(Convert.FromHexString).ToArray();

        Assert.Equal("test", Encoding.ASCII.GetString(ShamirSecretSharing.Combine(shares)));
        Assert.Equal("test", Encoding.ASCII.GetString(ShamirSecretSharing.Combine([shares[4], shares[0], shares[2]])));
    }

    [Fact]
    public void Combine_FixedSharesWithRandomXCoordinates_RecoversKnownSecret()
    {
        // Same source: 2-of-n shares of "t" with x = 0x4A and 0x54 (Vault's random x coordinates).
        var secret = ShamirSecretSharing.Combine([Convert.FromHexString("0E4A"), Convert.FromHexString("9954")]);

        Assert.Equal("t", Encoding.ASCII.GetString(secret));
    }

    [Fact]
    public void Combine_HandComputedLinearShares_RecoversSecret()
    {
        // f(x) = s + 1·x per byte, so y = s XOR x: independent of any table.
        var secret = "test"u8.ToArray();
        var share1 = secret.Select(b => (byte)(b ^ 1)).Append((byte)1).ToArray();
        var share2 = secret.Select(b => (byte)(b ^ 2)).Append((byte)2).ToArray();

        Assert.Equal(secret, ShamirSecretSharing.Combine([share1, share2]));
    }

    [Fact]
    public void Combine_InvalidInputs_ThrowArgumentExceptionWithoutSecret()
    {
        // Vault's TestCombine_invalid cases plus a zero x coordinate.
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine([]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine(["foo"u8.ToArray(), "ba"u8.ToArray()]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine(["f"u8.ToArray(), "b"u8.ToArray()]));
        var duplicate = Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine(["foo"u8.ToArray(), "foo"u8.ToArray()]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine([[1, 2, 0], [3, 4, 5]]));
        Assert.DoesNotContain("foo", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SplitCombine_AnyThresholdSubset_RecoversSecret()
    {
        var cases =
            from parts in Gen.Choose(2, 12)
            from threshold in Gen.Choose(2, parts)
            from length in Gen.Choose(1, 48)
            from seed in Gen.Choose(0, int.MaxValue)
            select (parts, threshold, length, seed);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var random = new Random(c.seed);
            var secret = new byte[c.length];
            random.NextBytes(secret);
            var shares = ShamirSecretSharing.Split(secret, c.parts, c.threshold);
            var subset = shares.OrderBy(_ => random.Next()).Take(c.threshold).ToList();
            return ShamirSecretSharing.Combine(subset).AsSpan().SequenceEqual(secret);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SplitCombine_OneShareFewerThanThreshold_DoesNotRecoverSecret()
    {
        var cases =
            from parts in Gen.Choose(3, 12)
            from threshold in Gen.Choose(3, parts)
            from length in Gen.Choose(16, 64)
            from seed in Gen.Choose(0, int.MaxValue)
            select (parts, threshold, length, seed);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var random = new Random(c.seed);
            var secret = RandomNumberGenerator.GetBytes(c.length);
            var shares = ShamirSecretSharing.Split(secret, c.parts, c.threshold);
            var subset = shares.OrderBy(_ => random.Next()).Take(c.threshold - 1).ToList();

            // With >= 16 random bytes, a chance match is 2^-128.
            return !ShamirSecretSharing.Combine(subset).AsSpan().SequenceEqual(secret);
        }).QuickCheckThrowOnFailure();
    }
}
