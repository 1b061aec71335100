using Strongroom.Engines.Ai;
using Strongroom.Engines.Cubbyhole;
using Strongroom.Engines.Kv;
using Strongroom.Engines.Transit;
using Strongroom.Sdk;

namespace Strongroom.Engines;

/// <summary>Every secrets engine of this assembly. Adding an engine is one line here.</summary>
public static class EngineRegistry
{
    public static IReadOnlyList<IBackendFactory> All { get; } =
    [
        new KvBackendFactory(),
        new KvV2BackendFactory(),
        new CubbyholeBackendFactory(),
        new TransitBackendFactory(),
        new AiBackendFactory(),
    ];
}
