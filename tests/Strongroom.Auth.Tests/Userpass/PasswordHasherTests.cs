using Strongroom.Auth.Userpass;

namespace Strongroom.Auth.Tests.Userpass;

public sealed class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(1000);

    [Fact]
    public void Verify_SamePassword_True()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        Assert.True(_hasher.Verify(password, _hasher.Hash(password)));
    }

    [Fact]
    public void Verify_DifferentPassword_False()
    {
        Assert.False(_hasher.Verify("b", _hasher.Hash("a")));
    }

    [Fact]
    public void Verify_NullStoredHash_FalseEvenForDummyPassword()
    {
        Assert.False(_hasher.Verify("anything", null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$0$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$10$not base64$AAAA")]
    public void Verify_MalformedStoredHash_False(string stored)
    {
        Assert.False(_hasher.Verify("x", stored));
    }

    [Fact]
    public void Hash_TamperedDigest_FailsVerification()
    {
        var stored = _hasher.Hash("secret-value");
        var parts = stored.Split('$');
        var digest = Convert.FromBase64String(parts[3]);
        digest[0] ^= 1;
        parts[3] = Convert.ToBase64String(digest);
        Assert.False(_hasher.Verify("secret-value", string.Join('$', parts)));
    }
}
