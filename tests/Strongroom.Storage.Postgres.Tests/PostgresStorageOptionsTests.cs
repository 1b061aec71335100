using Npgsql;

namespace Strongroom.Storage.Postgres.Tests;

public sealed class PostgresStorageOptionsTests
{
    private static readonly Dictionary<string, string> NoEnv = [];

    private static PostgresStorageOptions Parse(Dictionary<string, string> options, Dictionary<string, string>? env = null, Func<string, string>? readFile = null) =>
        PostgresStorageOptions.FromConfig(options, name => (env ?? NoEnv).GetValueOrDefault(name), readFile);

    [Fact]
    public void FromConfig_UrlWithTlsParameters_PassThroughToNpgsql()
    {
        var options = Parse(new() { ["connection_url"] = "postgres://app%40corp:p%2Fass-example@db.example.test:6543/vault?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=/etc/c.pem&sslkey=/etc/k.pem&connect_timeout=7&application_name=sr" });
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);

        Assert.Equal("app@corp", builder.Username);
        Assert.Equal("p/ass-example", builder.Password);
        Assert.Equal("db.example.test", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("vault", builder.Database);
        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("/etc/ca.pem", builder.RootCertificate);
        Assert.Equal("/etc/c.pem", builder.SslCertificate);
        Assert.Equal("/etc/k.pem", builder.SslKey);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("sr", builder.ApplicationName);
    }

    [Fact]
    public void FromConfig_Defaults_AreVaultLike()
    {
        var options = Parse(new() { ["connection_url"] = "Host=h;Username=u" });

        Assert.Equal("strongroom_kv_store", options.Table);
        Assert.Equal("strongroom_ha_locks", options.HaTable);
        Assert.False(options.HaEnabled);
        Assert.Equal(128, options.MaxParallel);
        Assert.Equal(TimeSpan.FromSeconds(8), options.LockTtl);
    }

    [Fact]
    public void FromConfig_EnvOverridesFileOverridesConfig()
    {
        var config = new Dictionary<string, string> { ["connection_url"] = "postgres://cfg@h1/db", ["connection_url_file"] = "/run/url" };

        var fromEnv = Parse(config, new() { ["STRONGROOM_PG_CONNECTION_URL"] = "postgres://env@h2/db", ["VAULT_PG_CONNECTION_URL"] = "postgres://venv@h3/db" });
        var fromVaultEnv = Parse(config, new() { ["VAULT_PG_CONNECTION_URL"] = "postgres://venv@h3/db" });
        var fromFile = Parse(config, readFile: _ => "postgres://file@h4/db\n");

        Assert.Equal("env", new NpgsqlConnectionStringBuilder(fromEnv.ConnectionString).Username);
        Assert.Equal("venv", new NpgsqlConnectionStringBuilder(fromVaultEnv.ConnectionString).Username);
        Assert.Equal("file", new NpgsqlConnectionStringBuilder(fromFile.ConnectionString).Username);
    }

    [Fact]
    public void FromConfig_HaAndTablesAndParallel_Parsed()
    {
        var options = Parse(new() { ["connection_url"] = "postgres://u@h/db", ["ha_enabled"] = "true", ["table"] = "s.kv", ["ha_table"] = "locks", ["max_parallel"] = "16", ["lock_ttl"] = "3s" });

        Assert.True(options.HaEnabled);
        Assert.Equal("s.kv", options.Table);
        Assert.Equal("locks", options.HaTable);
        Assert.Equal(16, options.MaxParallel);
        Assert.Equal(TimeSpan.FromSeconds(3), options.LockTtl);
    }

    [Theory]
    [InlineData("table", "kv; DROP TABLE x")]
    [InlineData("table", "\"quoted\"")]
    [InlineData("ha_table", "1abc")]
    [InlineData("ha_enabled", "maybe")]
    [InlineData("max_parallel", "0")]
    [InlineData("max_parallel", "many")]
    [InlineData("lock_ttl", "0s")]
    [InlineData("lock_ttl", "forever")]
    [InlineData("unknown_option", "x")]
    public void FromConfig_BadValue_ThrowsArgumentException(string name, string value)
    {
        Assert.Throws<ArgumentException>(() => Parse(new() { ["connection_url"] = "postgres://u@h/db", [name] = value }));
    }

    [Theory]
    [InlineData("postgres://u@h:notaport/db")]
    [InlineData("postgres://u@h/db?sslmode=sometimes")]
    [InlineData("postgres://u@h/db?no_such_parameter=1")]
    [InlineData("Nonsense Keyword=1")]
    public void FromConfig_BadUrl_ThrowsWithoutEchoingIt(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => Parse(new() { ["connection_url"] = url }));
        Assert.DoesNotContain("u@h", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfig_NoUrlAnywhere_Throws()
    {
        Assert.Throws<ArgumentException>(() => Parse([]));
        Assert.Throws<ArgumentException>(() => Parse(new() { ["connection_url_file"] = "/nonexistent/url" }, readFile: p => throw new FileNotFoundException(p)));
    }

    [Fact]
    public void Split_Keys_FollowVaultLayout()
    {
        Assert.Equal(("", "", "k"), PostgresPhysicalBackend.Split("k"));
        Assert.Equal(("", "a/", "k"), PostgresPhysicalBackend.Split("a/k"));
        Assert.Equal(("a/", "a/b/", "k"), PostgresPhysicalBackend.Split("a/b/k"));
        Assert.Equal(("a/b/", "a/b/c/", "k"), PostgresPhysicalBackend.Split("a/b/c/k"));
    }
}
