using System.Text;
using Strongroom.Scanner.Detection;
using Strongroom.Scanner.Workflow;

namespace Strongroom.Scanner.Migration;

/// <summary>
/// `strongroom scan --migrate`: prints the plan (dry run), or with `--apply` writes each value to KV v2 and
/// then replaces it in its file with its `strongroom://` reference. A file is rewritten only after every value
/// taken from it is stored, so a failure never loses a secret.
/// </summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(
        ScanOptions options, string root, IReadOnlyList<Finding> findings, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellationToken, HttpClient? http = null)
    {
        var app = options.App ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
        var steps = MigrationPlanner.Plan(findings, root, app, options.Mount);
        var skipped = findings.Count - steps.Count;
        if (steps.Count == 0)
        {
            await stdout.WriteLineAsync($"nothing to migrate ({skipped} finding(s) outside .env/config files of the work tree)").ConfigureAwait(false);
            return skipped > 0 ? 1 : 0;
        }

        if (!options.Apply)
        {
            foreach (var step in steps)
            {
                await stdout.WriteLineAsync($"would move {step.Finding.Path}:{step.Finding.Line} ({step.Finding.RuleId}, {Finding.Redact(step.Finding.Secret)}) to {step.Reference}").ConfigureAwait(false);
            }

            await stdout.WriteLineAsync($"dry run: {steps.Count} value(s) would be moved; run again with --apply to write them").ConfigureAwait(false);
            return 1;
        }

        var (endpoint, endpointError) = VaultEndpoint.Resolve(options.Address, options.Token, Environment.GetEnvironmentVariable);
        if (endpoint is null)
        {
            await stderr.WriteLineAsync($"strongroom scan --migrate: {endpointError}").ConfigureAwait(false);
            return 2;
        }

        using var kv = new KvClient(endpoint, http);
        var stored = new HashSet<SecretReference>();
        foreach (var step in steps)
        {
            if (stored.Contains(step.Reference))
            {
                continue;
            }

            var data = new Dictionary<string, string> { [step.Reference.Field] = step.Finding.Secret };
            var error = await kv.WriteAsync(step.Reference.Mount, step.Reference.Path, data, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                await stderr.WriteLineAsync($"strongroom scan --migrate: {error}").ConfigureAwait(false);
                continue;
            }

            stored.Add(step.Reference);
            await stdout.WriteLineAsync($"stored {step.Reference.Mount}/{step.Reference.Path}").ConfigureAwait(false);
        }

        var failed = 0;
        foreach (var file in steps.GroupBy(s => s.Finding.Path))
        {
            if (file.Any(s => !stored.Contains(s.Reference)))
            {
                failed += file.Count();
                await stderr.WriteLineAsync($"left {file.Key} unchanged: not every value in it was stored").ConfigureAwait(false);
                continue;
            }

            await RewriteAsync(Path.Combine(root, file.Key), file.ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var step in file)
            {
                await stdout.WriteLineAsync($"replaced {step.Finding.Path}:{step.Finding.Line} with {step.Reference}").ConfigureAwait(false);
            }
        }

        return failed > 0 || skipped > 0 ? 1 : 0;
    }

    /// <summary>Replaces each step's secret on its line with its reference; writes via a temp file and move.</summary>
    internal static async Task RewriteAsync(string path, IReadOnlyList<MigrationStep> steps, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split(newline);
        foreach (var step in steps)
        {
            var index = step.Finding.Line - 1;
            if (index < 0 || index >= lines.Length)
            {
                continue;
            }

            var at = lines[index].IndexOf(step.Finding.Secret, StringComparison.Ordinal);
            if (at >= 0)
            {
                lines[index] = string.Concat(lines[index].AsSpan(0, at), step.Reference.ToString(), lines[index].AsSpan(at + step.Finding.Secret.Length));
            }
        }

        var temp = path + ".strongroom-tmp";
        await File.WriteAllTextAsync(temp, string.Join(newline, lines), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
