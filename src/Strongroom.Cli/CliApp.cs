namespace Strongroom.Cli;

/// <summary>The `strongroom` command dispatcher.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            await stderr.WriteLineAsync("usage: strongroom <command> [args]").ConfigureAwait(false);
            return 2;
        }

        var rest = args[1..];
        return args[0] switch
        {
            "server" => await Server.ServerCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false),
            "scan" => await Scanner.ScanCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false),
            "run" => await Scanner.RunCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false),
            _ => 2,
        };
    }
}
