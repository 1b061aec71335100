using System.Diagnostics;
using System.Text;

namespace Strongroom.Scanner.Sources;

/// <summary>Runs the real `git` executable (no libgit2 here) with an argument list.</summary>
internal static class GitProcess
{
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["LC_ALL"] = "C";
        return info;
    }

    /// <summary>Runs git to completion; a missing git binary is reported as exit code 127.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var process = TryStart(StartInfo(workingDirectory, arguments));
        if (process is null)
        {
            return (127, string.Empty, "git is not installed or not on PATH");
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public static Process? TryStart(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The work-tree root containing <paramref name="directory"/>, or null when it is not in a Git work tree.</summary>
    public static async Task<string?> WorkTreeRootAsync(string directory, CancellationToken cancellationToken)
    {
        var (code, stdout, _) = await RunAsync(directory, ["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false);
        return code == 0 ? stdout.Trim() : null;
    }
}
