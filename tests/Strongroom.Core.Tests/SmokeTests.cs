namespace Strongroom.Core.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Assembly_Loads_UnderTest()
    {
        Assert.Equal("Strongroom.Core.Tests", typeof(SmokeTests).Assembly.GetName().Name);
    }
}
