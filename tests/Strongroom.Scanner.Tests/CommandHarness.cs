using System.Diagnostics;
using System.Text;
using Strongroom.Scanner.Workflow;

namespace Strongroom.Scanner.Tests;

/// <summary>Runs `strongroom scan` in-process with captured output, and real git for fixtures.</summary>
internal static class CommandHarness
{
    public static async Task<(int Code, string Stdout, string Stderr)> ScanAsync(string[] args, string stdin = "")
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ScanCommand.RunAsync(args, new MemoryStream(Encoding.UTF8.GetBytes(stdin)), stdout, stderr, Terminal.None, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static string Git(string directory, params string[] args) => GitWithEnv(directory, null, args);

    public static string GitWithEnv(string directory, IDictionary<string, string>? env, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["GIT_AUTHOR_NAME"] = "Test";
        info.Environment["GIT_AUTHOR_EMAIL"] = "test@example.invalid";
        info.Environment["GIT_COMMITTER_NAME"] = "Test";
        info.Environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        }

        return output;
    }

    public static void InitRepo(string directory)
    {
        Git(directory, "init", "-q", "-b", "main");
        Git(directory, "config", "commit.gpgsign", "false");
    }
}
