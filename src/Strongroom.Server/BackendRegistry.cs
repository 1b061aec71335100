using Strongroom.Auth;
using Strongroom.Engines;
using Strongroom.Engines.Database;
using Strongroom.Sdk;

namespace Strongroom.Server;

/// <summary>Every secrets engine and auth method this server can mount. Adding one is one line.</summary>
internal static class BackendRegistry
{
    public static IReadOnlyList<IBackendFactory> All { get; } = [.. EngineRegistry.All, new DatabaseBackendFactory(), .. AuthRegistry.All];
}
