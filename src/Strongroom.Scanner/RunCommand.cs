namespace Strongroom.Scanner;

/// <summary>Entry point of `strongroom run -- CMD`: resolves strongroom:// references for the child only.</summary>
public static class RunCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        _ = args;
        _ = stdout;
        _ = cancellationToken;
        stderr.WriteLine("run: not implemented yet");
        return Task.FromResult(2);
    }
}
