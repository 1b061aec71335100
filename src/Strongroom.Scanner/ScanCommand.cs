using Strongroom.Scanner.Migration;
using Strongroom.Scanner.Output;
using Strongroom.Scanner.Workflow;

namespace Strongroom.Scanner;

/// <summary>Entry point of `strongroom scan ...`; the CLI dispatches here with the remaining args.</summary>
public static class ScanCommand
{
    /// <summary>Runs the scan command; returns the process exit code (0 clean, 1 findings, 2 usage error).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var interactive = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        var color = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return RunAsync(args, Console.OpenStandardInput(), stdout, stderr, new Terminal(color, interactive), cancellationToken);
    }

    internal static async Task<int> RunAsync(
        string[] args, Stream stdin, TextWriter stdout, TextWriter stderr, Terminal terminal, CancellationToken cancellationToken)
    {
        if (args.Length == 1 && args[0] is "-h" or "--help" or "help")
        {
            await stdout.WriteLineAsync(ScanOptionsParser.Usage).ConfigureAwait(false);
            return 0;
        }

        var (options, error) = ScanOptionsParser.Parse(args);
        if (options is null)
        {
            await stderr.WriteLineAsync($"strongroom scan: {error}\n\n{ScanOptionsParser.Usage}").ConfigureAwait(false);
            return 2;
        }

        if (options.Subcommand == "install-hook")
        {
            var (hook, hookError) = await HookInstaller.InstallAsync(Path.GetFullPath(options.Path), options.HookCommand, options.Force, cancellationToken).ConfigureAwait(false);
            await (hook is null ? stderr.WriteLineAsync($"strongroom scan install-hook: {hookError}") : stdout.WriteLineAsync($"installed pre-commit hook: {hook}")).ConfigureAwait(false);
            return hook is null ? 2 : 0;
        }

        var runner = new ScanRunner(options, stderr);
        ScanResult result;
        TimeSpan elapsed;
        long files;
        long bytes;
        var progress = new ProgressReporter(stderr, terminal.Interactive && !options.NoProgress, TimeProvider.System);
        await using (progress.ConfigureAwait(false))
        {
            result = await runner.RunAsync(stdin, progress, cancellationToken).ConfigureAwait(false);
            (elapsed, files, bytes) = (progress.Elapsed, progress.Files, progress.Bytes);
        }

        if (result.Error is not null)
        {
            await stderr.WriteLineAsync($"strongroom scan: {result.Error}").ConfigureAwait(false);
            return 2;
        }

        var summary = new ScanSummary(files, bytes, elapsed, result.Suppressed);
        if (options.Subcommand == "baseline-create")
        {
            await File.WriteAllTextAsync(options.OutputFile!, Baseline.Serialize(result.Findings), cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"baseline written to {options.OutputFile}: {result.Findings.Count} finding(s) accepted").ConfigureAwait(false);
            return 0;
        }

        if (options.Migrate)
        {
            return await MigrateCommand.RunAsync(options, runner.Root, result.Findings, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }

        if (options.OutputFile is not null)
        {
            var writer = new StreamWriter(options.OutputFile, append: false);
            await using (writer.ConfigureAwait(false))
            {
                await ReportWriter.WriteAsync(writer, options.Format, result.Findings, summary, options.Redact, false, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await ReportWriter.WriteAsync(stdout, options.Format, result.Findings, summary, options.Redact, terminal.Color && !options.NoColor, cancellationToken).ConfigureAwait(false);
        }

        if (options.Staged && result.Findings.Count > 0)
        {
            await stderr.WriteLineAsync(
                "strongroom: secrets in staged changes. Remove them (or `strongroom scan --migrate --apply`), mark false positives with a "
                + "'strongroom:allow' comment on the line, then `git add` again.").ConfigureAwait(false);
        }

        return result.Findings.Count > 0 ? 1 : 0;
    }
}
