using Strongroom.Core.Storage;
using Strongroom.Server.Configuration;

namespace Strongroom.Server;

/// <summary>Creates the physical storage named by the config's storage block.</summary>
internal static class PhysicalBackends
{
    public static IPhysicalBackend Create(StorageConfig storage) => storage.Type switch
    {
        "inmem" => new InMemoryPhysicalBackend(),
        "sqlite" => new SqlitePhysicalBackend(storage.Options["path"]),
        _ => throw new ConfigException($"storage type \"{storage.Type}\" is not available in this build"),
    };
}
