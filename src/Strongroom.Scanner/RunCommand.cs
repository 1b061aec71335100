using System.Collections;
using System.Diagnostics;
using Strongroom.Scanner.Migration;

namespace Strongroom.Scanner;

/// <summary>Entry point of `strongroom run -- CMD`: resolves strongroom:// references for the child only.</summary>
public static class RunCommand
{
    public const string Usage = """
        usage: strongroom run [--env-file FILE]... [--addr URL] [--token TOKEN] -- CMD [ARGS...]
          Starts CMD with the current environment plus the env files; every value of the form
          strongroom://<mount>/<path>#<field> is read from the server's KV v2 engine and given to CMD only
          (never written to disk). Exit code: CMD's, 2 usage error, 125 a reference could not be resolved,
          126/127 CMD could not be started.
        """;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        return RunAsync(args, stdout, stderr, Environment.GetEnvironmentVariable, null, cancellationToken);
    }

    internal static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> env, HttpClient? http, CancellationToken cancellationToken)
    {
        var separator = Array.IndexOf(args, "--");
        if (separator < 0 || separator == args.Length - 1)
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var envFiles = new List<string>();
        string? address = null;
        string? token = null;
        for (var i = 0; i < separator; i++)
        {
            var hasValue = i + 1 < separator;
            switch (args[i])
            {
                case "--env-file" when hasValue: envFiles.Add(args[++i]); break;
                case "--addr" when hasValue: address = args[++i]; break;
                case "--token" when hasValue: token = args[++i]; break;
                default:
                    await stderr.WriteLineAsync($"strongroom run: unexpected argument {args[i]}\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        foreach (var file in envFiles)
        {
            if (!File.Exists(file))
            {
                await stderr.WriteLineAsync($"strongroom run: --env-file {file}: no such file").ConfigureAwait(false);
                return 2;
            }

            var (values, error) = EnvFile.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), file);
            if (values is null)
            {
                await stderr.WriteLineAsync($"strongroom run: {error}").ConfigureAwait(false);
                return 2;
            }

            foreach (var (key, value) in values)
            {
                environment[key] = value;
            }
        }

        var resolved = environment;
        if (environment.Values.Any(v => SecretReference.TryParse(v) is not null))
        {
            var (endpoint, endpointError) = VaultEndpoint.Resolve(address, token, env);
            if (endpoint is null)
            {
                await stderr.WriteLineAsync($"strongroom run: {endpointError}").ConfigureAwait(false);
                return 2;
            }

            using var kv = new KvClient(endpoint, http);
            var (values, error) = await new ReferenceResolver(kv).ResolveAsync(environment, cancellationToken).ConfigureAwait(false);
            if (values is null)
            {
                await stderr.WriteLineAsync($"strongroom run: {error}").ConfigureAwait(false);
                return 125;
            }

            resolved = values;
        }

        return await StartAsync(args[(separator + 1)..], resolved, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> StartAsync(
        string[] command, Dictionary<string, string> environment, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // Inherit the terminal when we are the real process; otherwise pump the child's output to the writers.
        var inherit = ReferenceEquals(stdout, Console.Out) && ReferenceEquals(stderr, Console.Error);
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = !inherit,
            RedirectStandardError = !inherit,
        };
        foreach (var argument in command[1..])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            await stderr.WriteLineAsync($"strongroom run: cannot start {command[0]}").ConfigureAwait(false);
            return 127;
        }

        if (process is null)
        {
            return 126;
        }

        using (process)
        {
            if (!inherit)
            {
                var pumpOut = PumpAsync(process.StandardOutput, stdout, cancellationToken);
                var pumpErr = PumpAsync(process.StandardError, stderr, cancellationToken);
                await Task.WhenAll(pumpOut, pumpErr).ConfigureAwait(false);
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode;
        }
    }

    private static async Task PumpAsync(StreamReader from, TextWriter to, CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }
}
