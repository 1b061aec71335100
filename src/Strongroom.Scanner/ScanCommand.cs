namespace Strongroom.Scanner;

/// <summary>Entry point of `strongroom scan ...`; the CLI dispatches here with the remaining args.</summary>
public static class ScanCommand
{
    /// <summary>Runs the scan command; returns the process exit code (0 clean, 1 findings, 2 usage error).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        _ = args;
        _ = stdout;
        _ = cancellationToken;
        stderr.WriteLine("scan: not implemented yet");
        return Task.FromResult(2);
    }
}
