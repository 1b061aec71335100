using Strongroom.Client;

namespace Strongroom.Cli.Tests;

public sealed class TokenHelperTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("strongroom-token-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Store_NewFile_HasMode0600AndRoundTrips()
    {
        var token = "s.test-" + Guid.NewGuid().ToString("N");
        var helper = new TokenHelper(_home);
        helper.Store(token);
        Assert.Equal(Path.Combine(_home, ".strongroom-token"), helper.FilePath);
        Assert.Equal(token, helper.Read());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(helper.FilePath));
        }
    }

    [Fact]
    public void Store_ExistingWorldReadableFile_IsReplacedWith0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var helper = new TokenHelper(_home);
        File.WriteAllText(helper.FilePath, "old");
        File.SetUnixFileMode(helper.FilePath, (UnixFileMode)0b110_100_100);
        helper.Store("s.test-new");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(helper.FilePath));
        Assert.Equal("s.test-new", helper.Read());
        Assert.Single(Directory.GetFiles(_home));
    }

    [Fact]
    public void Read_NoFile_ReturnsNull()
    {
        Assert.Null(new TokenHelper(_home).Read());
    }

    [Fact]
    public void Erase_RemovesFile()
    {
        var helper = new TokenHelper(_home);
        helper.Store("s.test-x");
        helper.Erase();
        Assert.False(File.Exists(helper.FilePath));
    }
}
