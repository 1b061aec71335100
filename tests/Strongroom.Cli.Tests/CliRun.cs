namespace Strongroom.Cli.Tests;

/// <summary>Runs the CLI in-process and captures exit code, stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> RunAsync(TestCliEnvironment environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        stdout.NewLine = "\n";
        stderr.NewLine = "\n";
        var code = await CliApp.RunAsync(args, stdout, stderr, environment, CancellationToken.None);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
