using System.Security.Cryptography;
using Strongroom.Server.Configuration;

namespace Strongroom.Server.Tests.Infrastructure;

/// <summary>
/// Starts the real server in-process (Kestrel on a free loopback port) in dev shape: unsealed,
/// secret/ as kv-v2, a generated root token. One subclass per storage backend.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strongroom-tests-" + Guid.NewGuid().ToString("N"));

    public StrongroomServer Server { get; private set; } = null!;

    public string RootToken { get; } = "hvs." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public ManualClock Clock { get; } = new();

    protected abstract StorageConfig Storage(string dir);

    public VaultHttp Client(string? token = null) => new(Server.Address, token ?? RootToken);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var config = new ServerConfig
        {
            Storage = Storage(_dir),
            Listener = new ListenerConfig { Address = "127.0.0.1:0", TlsDisable = true },
        };
        Server = await StrongroomServer.StartAsync(config, dev: true, RootToken, Clock, [new DynamicTestBackendFactory()]);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

public sealed class InMemoryServerFixture : ServerFixture
{
    protected override StorageConfig Storage(string dir) => new() { Type = "inmem" };
}

public sealed class SqliteServerFixture : ServerFixture
{
    protected override StorageConfig Storage(string dir)
    {
        var storage = new StorageConfig { Type = "sqlite" };
        storage.Options["path"] = Path.Combine(dir, "strongroom.db");
        return storage;
    }
}
