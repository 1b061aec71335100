using Strongroom.Engines.Kv;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Kv;

public sealed class KvBackendFactoryTests
{
    private static MountContext Context(string? version) => new()
    {
        Storage = new InMemoryStorageView(),
        Options = version is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["version"] = version },
    };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    public void Create_NoOrVersionOne_KvV1(string? version)
    {
        Assert.IsType<KvV1Backend>(new KvBackendFactory().Create(Context(version)));
    }

    [Fact]
    public void Create_VersionTwo_KvV2()
    {
        Assert.IsType<KvV2Backend>(new KvBackendFactory().Create(Context("2")));
    }

    [Fact]
    public void Create_UnknownVersion_Throws()
    {
        Assert.Throws<ArgumentException>(() => new KvBackendFactory().Create(Context("3")));
    }

    [Fact]
    public void Create_KvV2Alias_AlwaysKvV2()
    {
        Assert.IsType<KvV2Backend>(new KvV2BackendFactory().Create(Context(null)));
    }
}
