using Strongroom.Core.Storage;

namespace Strongroom.Core.Tests.Storage;

public sealed class InMemoryPhysicalBackendTests : PhysicalBackendContractTests
{
    protected override Task<IPhysicalBackend> CreateBackendAsync() => Task.FromResult<IPhysicalBackend>(new InMemoryPhysicalBackend());
}
