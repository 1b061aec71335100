using Strongroom.Server.Configuration;

namespace Strongroom.Server.Tests.Configuration;

public sealed class ServerConfigTests
{
    [Fact]
    public void Parse_VaultShapedHcl_ReadsEveryKey()
    {
        var config = ServerConfig.Parse("""
            storage "sqlite" {
              path = "/var/lib/strongroom/data.db"
            }

            listener "tcp" {
              address       = "0.0.0.0:8200"
              tls_cert_file = "/etc/strongroom/tls.crt"
              tls_key_file  = "/etc/strongroom/tls.key"
            }

            api_addr          = "https://strongroom.internal:8200"
            default_lease_ttl = "1h"
            max_lease_ttl     = "24h"
            ui                = true
            """);
        Assert.Equal("sqlite", config.Storage.Type);
        Assert.Equal("/var/lib/strongroom/data.db", config.Storage.Options["path"]);
        Assert.Equal("0.0.0.0:8200", config.Listener.Address);
        Assert.False(config.Listener.TlsDisable);
        Assert.Equal("/etc/strongroom/tls.crt", config.Listener.TlsCertFile);
        Assert.Equal("https://strongroom.internal:8200", config.ApiAddr);
        Assert.Equal(TimeSpan.FromHours(1), config.DefaultLeaseTtl);
        Assert.Equal(TimeSpan.FromHours(24), config.MaxLeaseTtl);
        Assert.True(config.Ui);
    }

    [Fact]
    public void Parse_Json_IsAcceptedToo()
    {
        var config = ServerConfig.Parse("""
            {"storage": {"inmem": {}}, "listener": {"tcp": {"address": "127.0.0.1:8201", "tls_disable": true}}}
            """);
        Assert.Equal("inmem", config.Storage.Type);
        Assert.True(config.Listener.TlsDisable);
        Assert.Equal("127.0.0.1:8201", config.Listener.Address);
    }

    [Fact]
    public void Parse_ListenerWithoutTlsFiles_IsRejectedWithAHint()
    {
        var ex = Assert.Throws<ConfigException>(() => ServerConfig.Parse("""
            storage "inmem" {}
            listener "tcp" { address = "127.0.0.1:8200" }
            """));
        Assert.Contains("tls_disable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SqliteWithoutPath_IsRejected()
    {
        Assert.Throws<ConfigException>(() => ServerConfig.Parse("""
            storage "sqlite" {}
            listener "tcp" { tls_disable = true }
            """));
    }

    [Fact]
    public void Parse_UnknownStorage_IsRejected()
    {
        var ex = Assert.Throws<ConfigException>(() => ServerConfig.Parse("""
            storage "consul" { address = "x" }
            listener "tcp" { tls_disable = true }
            """));
        Assert.Contains("consul", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DefaultTtlAboveMax_IsRejected()
    {
        Assert.Throws<ConfigException>(() => ServerConfig.Parse("""
            storage "inmem" {}
            listener "tcp" { tls_disable = true }
            default_lease_ttl = "48h"
            max_lease_ttl = "24h"
            """));
    }

    [Fact]
    public void Parse_UnknownKey_IsAWarningNotAFailure()
    {
        var config = ServerConfig.Parse("""
            storage "inmem" {}
            listener "tcp" { tls_disable = true }
            frobnicate = 3
            """);
        Assert.Contains(config.Warnings, w => w.Contains("frobnicate", StringComparison.Ordinal));
    }
}
