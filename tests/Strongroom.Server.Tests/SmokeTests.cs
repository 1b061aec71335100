namespace Strongroom.Server.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Assembly_Loads_UnderTest()
    {
        Assert.Equal("Strongroom.Server.Tests", typeof(SmokeTests).Assembly.GetName().Name);
    }
}
