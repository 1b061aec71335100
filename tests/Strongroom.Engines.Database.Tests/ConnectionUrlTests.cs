using Npgsql;

namespace Strongroom.Engines.Database.Tests;

public sealed class ConnectionUrlTests
{
    [Fact]
    public void Build_Url_SubstitutesPlaceholdersAfterParsing()
    {
        var config = new ConnectionConfig { ConnectionUrl = "postgresql://{{username}}:{{password}}@db.example:6543/app?sslmode=require&connect_timeout=3", Username = "admin", Password = "p@ss:w/rd-fake" };
        var built = ConnectionUrl.Build(config);
        Assert.Equal("db.example", built.Host);
        Assert.Equal(6543, built.Port);
        Assert.Equal("app", built.Database);
        Assert.Equal("admin", built.Username);
        Assert.Equal("p@ss:w/rd-fake", built.Password);
        Assert.Equal(SslMode.Require, built.SslMode);
        Assert.Equal(3, built.Timeout);
    }

    [Fact]
    public void Build_KeyValue_IsParsed()
    {
        var config = new ConnectionConfig { ConnectionUrl = "host=127.0.0.1 port=5433 user={{username}} password='{{password}}' dbname=postgres sslmode=disable", Username = "u", Password = "fake pw" };
        var built = ConnectionUrl.Build(config);
        Assert.Equal(("127.0.0.1", 5433, "u", "fake pw", "postgres"), (built.Host, built.Port, built.Username, built.Password, built.Database));
    }

    [Theory]
    [InlineData("postgresql://u:fake-secret@h:5432/db", "postgresql://u:*****@h:5432/db")]
    [InlineData("postgresql://{{username}}:{{password}}@h/db", "postgresql://{{username}}:{{password}}@h/db")]
    [InlineData("host=h password=fake-secret user=u", "host=h password=***** user=u")]
    [InlineData("host=h password={{password}}", "host=h password={{password}}")]
    public void Mask_HidesLiteralPasswords(string url, string expected) => Assert.Equal(expected, ConnectionUrl.Mask(url));

    [Theory]
    [InlineData("")]
    [InlineData("mysql://h/db")]
    [InlineData("just words")]
    [InlineData("postgresql://u@h:notaport/db")]
    public void Build_Invalid_Throws(string url) =>
        Assert.Throws<FormatException>(() => ConnectionUrl.Build(new ConnectionConfig { ConnectionUrl = url }));

    [Fact]
    public void Redact_RemovesSecrets() =>
        Assert.Equal("syntax error at or near \"[redacted]\"", DatabaseErrors.Redact("syntax error at or near \"Abc-123-fake\"", "Abc-123-fake"));
}
