using Strongroom.Auth.Common;

namespace Strongroom.Auth.Tests.Common;

public sealed class CidrTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.1/8", "10.9.9.9", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("192.168.0.0/16", "::ffff:192.168.3.4", true)]
    [InlineData("2001:db8::/32", "2001:db8::1", true)]
    [InlineData("2001:db8::/32", "10.0.0.1", false)]
    public void Allows_ChecksMembership(string cidr, string remote, bool expected)
    {
        Assert.Equal(expected, Cidr.Allows([cidr], remote));
    }

    [Fact]
    public void Allows_EmptyListAllowsAnyoneButNonEmptyListNeedsAnAddress()
    {
        Assert.True(Cidr.Allows([], null));
        Assert.False(Cidr.Allows(["10.0.0.0/8"], null));
        Assert.False(Cidr.Allows(["10.0.0.0/8"], "not-an-ip"));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("nope")]
    [InlineData("10.0.0.0/-1")]
    public void TryParse_Invalid_False(string text)
    {
        Assert.False(Cidr.TryParse(text, out _));
    }

    [Fact]
    public void IsSubset_InnerMustLieInsideOuter()
    {
        Assert.True(Cidr.IsSubset(["10.1.0.0/16"], ["10.0.0.0/8"]));
        Assert.False(Cidr.IsSubset(["10.0.0.0/8"], ["10.1.0.0/16"]));
        Assert.True(Cidr.IsSubset(["1.2.3.4"], []));
    }
}
