namespace Strongroom.Engines.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Assembly_Loads_UnderTest()
    {
        Assert.Equal("Strongroom.Engines.Tests", typeof(SmokeTests).Assembly.GetName().Name);
    }
}
