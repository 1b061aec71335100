using Strongroom.Testing;

namespace Strongroom.Storage.Postgres.Tests;

/// <summary>One real PostgreSQL cluster for the whole test collection; tests isolate by table name.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A table name no other test uses.</summary>
    public static string UniqueTable(string prefix = "kv") => prefix + "_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresStorageOptions Options(string? table = null, bool ha = false, TimeSpan? lockTtl = null) =>
        new(PostgresConnectionUrl.Parse(Server.Url()).ConnectionString + ";Timeout=3;Command Timeout=10")
        {
            Table = table ?? UniqueTable(),
            HaEnabled = ha,
            HaTable = UniqueTable("ha"),
            LockTtl = lockTtl ?? TimeSpan.FromSeconds(2),
            MaxParallel = 20,
        };
}

[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
