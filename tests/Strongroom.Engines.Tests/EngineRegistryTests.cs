using Strongroom.Sdk;

namespace Strongroom.Engines.Tests;

public sealed class EngineRegistryTests
{
    [Fact]
    public void All_ListsKvKvV2CubbyholeAndAiSecretsEngines()
    {
        Assert.Subset(EngineRegistry.All.Select(f => f.Type).ToHashSet(), new HashSet<string> { "ai", "cubbyhole", "kv", "kv-v2" });
        Assert.Equal(EngineRegistry.All.Count, EngineRegistry.All.Select(f => f.Type).Distinct().Count());
        Assert.All(EngineRegistry.All, f => Assert.Equal(BackendKind.SecretsEngine, f.Kind));
    }

    [Fact]
    public void All_EveryFactory_CreatesAWorkingBackend()
    {
        foreach (var factory in EngineRegistry.All)
        {
            var backend = factory.Create(new MountContext { Storage = new InMemoryStorageView() });
            var path = factory.Type == "kv-v2" ? "config" : "probe";

            var response = backend.HandleAsync(Requests.Make(Operation.Read, path, scope: "scope1"), CancellationToken.None).AsTask().GetAwaiter().GetResult();

            Assert.True(response.ErrorCode is null or ErrorCode.NotFound, factory.Type);
        }
    }
}
