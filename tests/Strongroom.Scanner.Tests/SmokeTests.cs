namespace Strongroom.Scanner.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Assembly_Loads_UnderTest()
    {
        Assert.Equal("Strongroom.Scanner.Tests", typeof(SmokeTests).Assembly.GetName().Name);
    }
}
