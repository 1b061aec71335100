using Strongroom.Core.Storage;

namespace Strongroom.Core.Ha;

/// <summary>A physical backend that can also elect an active node (PostgreSQL with ha_enabled).</summary>
public interface IHaStorage : IPhysicalBackend
{
    /// <summary>The lock, or null when HA is not enabled for this storage.</summary>
    IHaLock? HaLock { get; }
}
