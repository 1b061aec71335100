using Strongroom.Core.Storage;
using Strongroom.Server.Configuration;

namespace Strongroom.Server;

/// <summary>Creates the physical storage named by the config's storage block.</summary>
internal static class PhysicalBackends
{
    public static async ValueTask<IPhysicalBackend> CreateAsync(StorageConfig storage, CancellationToken cancellationToken) => storage.Type switch
    {
        "inmem" => new InMemoryPhysicalBackend(),
        "sqlite" => await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(storage.Options["path"]), cancellationToken).ConfigureAwait(false),
        _ => throw new ConfigException($"storage type \"{storage.Type}\" is not available in this build"),
    };
}
