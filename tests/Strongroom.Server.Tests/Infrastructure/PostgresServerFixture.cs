using Strongroom.Server.Configuration;
using Strongroom.Testing;

namespace Strongroom.Server.Tests.Infrastructure;

/// <summary>The in-process server on a real PostgreSQL cluster started for this fixture (tests/Strongroom.Testing).</summary>
public sealed class PostgresServerFixture : ServerFixture, IAsyncLifetime
{
    private PostgresServer? _postgres;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    protected override StorageConfig Storage(string dir)
    {
        var storage = new StorageConfig { Type = "postgresql" };
        storage.Options["connection_url"] = _postgres!.Url();
        return storage;
    }
}
