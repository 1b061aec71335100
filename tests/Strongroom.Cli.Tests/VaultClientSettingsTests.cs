using Strongroom.Client;

namespace Strongroom.Cli.Tests;

public sealed class VaultClientSettingsTests : IDisposable
{
    private readonly TestCliEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    private VaultClientSettings Resolve(VaultClientOverrides? overrides = null) =>
        VaultClientSettings.Resolve(overrides ?? new VaultClientOverrides(), _env.GetVariable, _env.HomeDirectory);

    private static string NewToken() => "s.test-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Resolve_NothingSet_DefaultsToHttpsLoopback8200AndNoToken()
    {
        var settings = Resolve();
        Assert.Equal(new Uri("https://127.0.0.1:8200"), settings.Address);
        Assert.Null(settings.Token);
    }

    [Fact]
    public void Resolve_Address_FlagBeatsStrongroomBeatsVault()
    {
        _env.Variables["VAULT_ADDR"] = "http://vault:1";
        Assert.Equal("http://vault:1/", Resolve().Address.ToString());
        _env.Variables["STRONGROOM_ADDR"] = "http://strongroom:2";
        Assert.Equal("http://strongroom:2/", Resolve().Address.ToString());
        Assert.Equal("http://flag:3/", Resolve(new VaultClientOverrides { Address = "http://flag:3" }).Address.ToString());
    }

    [Fact]
    public void Resolve_Token_FlagBeatsStrongroomBeatsVaultBeatsHelperFile()
    {
        var file = NewToken();
        var vault = NewToken();
        var strongroom = NewToken();
        var flag = NewToken();
        new TokenHelper(_env.HomeDirectory).Store(file);
        Assert.Equal(file, Resolve().Token);
        _env.Variables["VAULT_TOKEN"] = vault;
        Assert.Equal(vault, Resolve().Token);
        _env.Variables["STRONGROOM_TOKEN"] = strongroom;
        Assert.Equal(strongroom, Resolve().Token);
        Assert.Equal(flag, Resolve(new VaultClientOverrides { Token = flag }).Token);
    }

    [Fact]
    public void Resolve_TlsAndNamespace_ReadFromEnvironment()
    {
        _env.Variables["VAULT_CACERT"] = "/tmp/ca.pem";
        _env.Variables["STRONGROOM_SKIP_VERIFY"] = "true";
        _env.Variables["VAULT_NAMESPACE"] = "team-a";
        var settings = Resolve();
        Assert.Equal("/tmp/ca.pem", settings.CaCertPath);
        Assert.True(settings.SkipVerify);
        Assert.Equal("team-a", settings.Namespace);
        Assert.False(Resolve(new VaultClientOverrides { SkipVerify = false }).SkipVerify);
    }

    [Fact]
    public void Resolve_EmptyVariable_IsIgnored()
    {
        _env.Variables["STRONGROOM_ADDR"] = "";
        _env.Variables["VAULT_ADDR"] = "http://vault:1";
        Assert.Equal("http://vault:1/", Resolve().Address.ToString());
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    public void ParseAddress_NotHttp_Throws(string address)
    {
        Assert.Throws<FormatException>(() => VaultClientSettings.ParseAddress(address));
    }

    [Fact]
    public void ToString_WithToken_DoesNotRevealIt()
    {
        var token = NewToken();
        var settings = Resolve(new VaultClientOverrides { Token = token });
        Assert.DoesNotContain(token, settings.ToString(), StringComparison.Ordinal);
    }
}
