namespace Strongroom.Core.Storage;

/// <summary>Settings of <see cref="SqlitePhysicalBackend"/> (the <c>storage "sqlite"</c> config stanza).</summary>
public sealed record SqlitePhysicalBackendOptions(string Path)
{
    /// <summary>How long a statement waits for another writer's lock before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
