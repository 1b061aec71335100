namespace Strongroom.Cli.Tests;

/// <summary>`strongroom injector` is reachable from the one executable and listed in the top-level help.</summary>
public sealed class InjectorCliTests : IDisposable
{
    private readonly TestCliEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public async Task Run_InjectorHelp_PrintsUsage()
    {
        var run = await CliRun.RunAsync(_env, "injector", "-help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: strongroom injector", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("-tls-cert-file", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InjectorUnknownFlag_ExitsTwo()
    {
        var run = await CliRun.RunAsync(_env, "injector", "-bogus");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown flag: -bogus", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Help_ListsInjector()
    {
        var run = await CliRun.RunAsync(_env, "-help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("injector    Run the Kubernetes admission webhook", run.Stdout, StringComparison.Ordinal);
    }
}
