using Strongroom.Core.Storage;
using Strongroom.Server.Configuration;
using Strongroom.Storage.Postgres;

namespace Strongroom.Server;

/// <summary>Creates the physical storage named by the config's storage block.</summary>
public static class PhysicalBackends
{
    public static async ValueTask<IPhysicalBackend> CreateAsync(StorageConfig storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Type switch
        {
            "inmem" => new InMemoryPhysicalBackend(),
            "sqlite" => await SqlitePhysicalBackend.OpenAsync(new SqlitePhysicalBackendOptions(storage.Options.TryGetValue("path", out var path) ? path : throw new ConfigException("storage \"sqlite\" needs a path")), cancellationToken).ConfigureAwait(false),
            "postgresql" => await PostgresPhysicalBackend.OpenAsync(PostgresOptions(storage), cancellationToken).ConfigureAwait(false),
            _ => throw new ConfigException($"storage type \"{storage.Type}\" is not available in this build"),
        };
    }

    /// <summary>The validated PostgreSQL options of a storage block (connection_url also from env or file).</summary>
    public static PostgresStorageOptions PostgresOptions(StorageConfig storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        try
        {
            return PostgresStorageOptions.FromConfig(storage.Options, Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException(ex.Message);
        }
    }
}
