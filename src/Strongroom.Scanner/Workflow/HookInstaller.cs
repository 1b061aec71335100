namespace Strongroom.Scanner.Workflow;

/// <summary>Installs the Git pre-commit hook that runs `strongroom scan --staged` and blocks leaking commits.</summary>
internal static class HookInstaller
{
    public const string Marker = "# installed by `strongroom scan install-hook`";

    public static string Script(string command) => $$"""
        #!/bin/sh
        {{Marker}}
        # Blocks the commit when the staged changes contain a secret.
        {{command}} scan --staged --no-progress
        status=$?
        if [ $status -eq 1 ]; then
          echo "" >&2
          echo "strongroom: commit blocked - the staged changes above contain secrets." >&2
          echo "  fix: remove the value and load it at run time (strongroom run -- CMD resolves strongroom:// references)," >&2
          echo "       or move it to the vault: strongroom scan --migrate --apply" >&2
          echo "  false positive: add 'strongroom:allow' in a comment on that line, or allow the path in .strongroom-scan.yaml" >&2
          echo "  (git commit --no-verify skips this check; the secret would then be in history)" >&2
          exit 1
        fi
        if [ $status -ne 0 ]; then
          echo "strongroom: pre-commit scan could not run (exit $status); is '{{command}}' on PATH?" >&2
          exit $status
        fi
        exit 0

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Writes the hook; refuses to replace a hook it did not write unless <paramref name="force"/>.</summary>
    public static async Task<(string? HookPath, string? Error)> InstallAsync(
        string directory, string command, bool force, CancellationToken cancellationToken)
    {
        var (code, stdout, _) = await Sources.GitProcess.RunAsync(
            directory, ["rev-parse", "--path-format=absolute", "--git-path", "hooks"], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            return (null, $"{directory} is not inside a Git repository");
        }

        var hooks = stdout.Trim();
        Directory.CreateDirectory(hooks);
        var path = Path.Combine(hooks, "pre-commit");
        if (File.Exists(path) && !force)
        {
            var existing = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            if (!existing.Contains(Marker, StringComparison.Ordinal))
            {
                return (null, $"{path} exists and was not written by strongroom; use --force to replace it");
            }
        }

        await File.WriteAllTextAsync(path, Script(command), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return (path, null);
    }
}
