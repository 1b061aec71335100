using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Sources;

/// <summary>Git history (`--git`) and staged changes (`--staged`) as scan targets, read from the real git.</summary>
internal static class GitSource
{
    /// <summary>Added lines of every commit reachable from all refs (or <paramref name="branch"/>), optionally since a date.</summary>
    public static Task<(IReadOnlyList<ScanTarget>? Targets, string? Error)> HistoryAsync(
        string repository, string? branch, string? since, CancellationToken cancellationToken)
    {
        var args = new List<string>
        {
            "-c", "core.quotePath=false", "log", "-p", "-U0", "--no-color", "--no-renames", "--no-ext-diff",
            "--format=" + GitDiffParser.CommitMarker.Replace("\u001e", "%x1e", StringComparison.Ordinal) + "%H",
        };
        if (since is not null)
        {
            args.Add("--since=" + since);
        }

        args.Add(branch ?? "--all");
        args.Add("--");
        return ParseAsync(repository, args, cancellationToken);
    }

    /// <summary>Added lines in the index relative to HEAD: what the next commit would add.</summary>
    public static Task<(IReadOnlyList<ScanTarget>? Targets, string? Error)> StagedAsync(string repository, CancellationToken cancellationToken) =>
        ParseAsync(
            repository,
            ["-c", "core.quotePath=false", "diff", "--cached", "-U0", "--no-color", "--no-renames", "--no-ext-diff", "--diff-filter=ACMR"],
            cancellationToken);

    private static async Task<(IReadOnlyList<ScanTarget>? Targets, string? Error)> ParseAsync(
        string repository, List<string> args, CancellationToken cancellationToken)
    {
        using var process = GitProcess.TryStart(GitProcess.StartInfo(repository, args));
        if (process is null)
        {
            return (null, "git is not installed or not on PATH");
        }

        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var parser = new GitDiffParser();
        while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            parser.Feed(line);
        }

        parser.Complete();
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        return process.ExitCode == 0 ? (parser.Targets, null) : (null, "git failed: " + FirstLine(error));
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? trimmed : trimmed[..newline];
    }
}
