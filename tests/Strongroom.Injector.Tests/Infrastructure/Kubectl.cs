using System.Diagnostics;

namespace Strongroom.Injector.Tests.Infrastructure;

/// <summary>Runs the real kubectl binary (stdin closed, output captured).</summary>
internal static class Kubectl
{
    public static string? Path { get; } = Find();

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("kubectl not found"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["HOME"] = System.IO.Path.GetDirectoryName(kubeconfig);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
