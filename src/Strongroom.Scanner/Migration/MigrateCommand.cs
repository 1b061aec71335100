using Strongroom.Scanner.Detection;
using Strongroom.Scanner.Workflow;

namespace Strongroom.Scanner.Migration;

/// <summary>`strongroom scan --migrate`: moves findings from .env/config files into the vault.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(
        ScanOptions options, string root, IReadOnlyList<Finding> findings, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        _ = options;
        _ = root;
        _ = findings;
        _ = stdout;
        await stderr.WriteLineAsync("strongroom scan --migrate: not implemented yet").ConfigureAwait(false);
        _ = cancellationToken;
        return 2;
    }
}
