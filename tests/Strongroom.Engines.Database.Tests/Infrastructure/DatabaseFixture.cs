using System.Security.Cryptography;
using Npgsql;
using Strongroom.Server;
using Strongroom.Server.Configuration;
using Strongroom.Testing;

namespace Strongroom.Engines.Database.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL cluster (initdb + pg_ctl in a temp dir) and one real Strongroom server
/// (Kestrel on loopback, dev mode, in-memory storage, manual clock) per test class.
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;

    public StrongroomServer Server { get; private set; } = null!;

    public string RootToken { get; } = "hvs.test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Starts at the real time: PostgreSQL checks VALID UNTIL against its own clock.</summary>
    public ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    /// <summary>connection_url with placeholders, as a user would write it.</summary>
    public string TemplatedUrl => $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{Postgres.Port}/postgres?sslmode=disable";

    public VaultHttp Client(string? token = null) => new(Server.Address, token ?? RootToken);

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        Server = await StrongroomServer.StartAsync(
            new ServerConfig { Storage = new StorageConfig { Type = "inmem" }, Listener = new ListenerConfig { Address = "127.0.0.1:0", TlsDisable = true } },
            dev: true,
            RootToken,
            Clock);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>Runs SQL as the cluster's superuser (test set-up and inspection, never through the engine).</summary>
    public async Task<object?> AdminScalarAsync(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        return await command.ExecuteScalarAsync();
    }

    /// <summary>An Npgsql connection string for the given credentials (no pooling: every open is a real login).</summary>
    public string LoginString(string username, string password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Postgres.Port,
            Username = username,
            Password = password,
            Database = "postgres",
            Pooling = false,
            Timeout = 10,
        }.ConnectionString;

    /// <summary>Logs in with the credentials and returns the result of <paramref name="sql"/>.</summary>
    public async Task<object?> LoginScalarAsync(string username, string password, string sql)
    {
        await using var connection = new NpgsqlConnection(LoginString(username, password));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Asserts that logging in with the credentials is refused by PostgreSQL.</summary>
    public async Task AssertLoginFailsAsync(string username, string password)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => LoginScalarAsync(username, password, "SELECT 1"));
        Assert.StartsWith("28", error.SqlState, StringComparison.Ordinal);
    }

    public async Task<bool> RoleExistsAsync(string username) =>
        await AdminScalarAsync("SELECT 1 FROM pg_roles WHERE rolname = $1", username) is not null;

    /// <summary>
    /// Runs the expiration manager until the lease is gone (the server's own 1 s timer may be running a
    /// tick at the same moment, in which case ours returns at once): bounded, no fixed sleep.
    /// </summary>
    public async Task TickUntilGoneAsync(string leaseId)
    {
        using var root = Client();
        for (var i = 0; i < 200; i++)
        {
            await Server.Core.Leases.TickAsync(CancellationToken.None);
            if ((await root.PutAsync("sys/leases/lookup", new { lease_id = leaseId })).Status == System.Net.HttpStatusCode.BadRequest)
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("lease was not revoked");
    }
}
