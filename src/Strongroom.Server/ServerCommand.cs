namespace Strongroom.Server;

/// <summary>Entry point of `strongroom server ...`; the CLI dispatches here with the remaining args.</summary>
public static class ServerCommand
{
    /// <summary>Runs the server until cancelled; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        _ = args;
        _ = stdout;
        _ = cancellationToken;
        stderr.WriteLine("server: not implemented yet");
        return Task.FromResult(2);
    }
}
