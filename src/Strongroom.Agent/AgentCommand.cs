using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Strongroom.Agent.Config;

namespace Strongroom.Agent;

/// <summary>Entry point of <c>strongroom agent -config=FILE [-config=FILE2] [-exit-after-auth] [-log-level=info]</c>.</summary>
public static class AgentCommand
{
    public const string Usage = """
        Usage: strongroom agent -config=FILE [-config=FILE ...] [options]

          Runs the agent: logs in with auto_auth, keeps the token alive and writes it to sinks,
          renders templates to files (and keeps them current), runs an exec child, serves an
          API proxy. The configuration is Vault Agent's (HCL); see docs/agent.md.

        Options:
          -config=FILE        Configuration file (repeatable; later files add blocks and override settings)
          -exit-after-auth    Authenticate, write sinks and templates once, then exit (init containers)
          -log-level=LEVEL    trace, debug, info (default), warn, error
          -help               This text

        Exit codes: 0 done (or stopped by SIGTERM/SIGINT), 1 failure (bad config, retries exhausted
        with exit_on_retry_failure, a template error with -exit-after-auth), 2 usage error, or the
        exec child's exit code when it stops by itself.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var configs = new List<string>();
        var exitAfterAuth = false;
        var level = LogLevel.Information;
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = SplitFlag(args[i]);
            switch (name)
            {
                case "-h" or "-help" or "--help":
                    await stdout.WriteAsync(Usage).ConfigureAwait(false);
                    return 0;
                case "-config" or "--config":
                    value ??= i + 1 < args.Length ? args[++i] : null;
                    if (string.IsNullOrEmpty(value))
                    {
                        return await UsageError(stderr, "-config needs a file").ConfigureAwait(false);
                    }

                    configs.Add(value);
                    break;
                case "-exit-after-auth" or "--exit-after-auth":
                    exitAfterAuth = value is null || bool.Parse(value);
                    break;
                case "-log-level" or "--log-level":
                    value ??= i + 1 < args.Length ? args[++i] : null;
                    var parsed = ParseLevel(value);
                    if (parsed is null)
                    {
                        return await UsageError(stderr, "-log-level must be trace, debug, info, warn or error").ConfigureAwait(false);
                    }

                    level = parsed.Value;
                    break;
                default:
                    return await UsageError(stderr, $"unknown argument \"{args[i]}\"").ConfigureAwait(false);
            }
        }

        if (configs.Count == 0)
        {
            return await UsageError(stderr, "at least one -config=FILE is required").ConfigureAwait(false);
        }

        AgentConfig config;
        try
        {
            config = AgentConfigLoader.LoadFiles(configs);
        }
        catch (AgentConfigException e)
        {
            await stderr.WriteLineAsync("Error loading configuration: " + e.Message).ConfigureAwait(false);
            return 1;
        }

        if (exitAfterAuth)
        {
            config = config with { ExitAfterAuth = true };
            if (config.AutoAuth is null)
            {
                await stderr.WriteLineAsync("Error: -exit-after-auth needs an auto_auth block").ConfigureAwait(false);
                return 1;
            }
        }

        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(level)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            })
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        if (config.PidFile is not null)
        {
            AtomicFile.Write(config.PidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), (UnixFileMode)Convert.ToInt32("644", 8));
        }

        try
        {
            var runner = new AgentRunner(config, new AgentRunnerOptions { LoggerFactory = loggerFactory });
            return await runner.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AgentConfigException or FormatException or System.ComponentModel.Win32Exception)
        {
            await stderr.WriteLineAsync("Error: " + e.Message).ConfigureAwait(false);
            return 1;
        }
        finally
        {
            if (config.PidFile is not null)
            {
                File.Delete(config.PidFile);
            }
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static (string Name, string? Value) SplitFlag(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && arg.StartsWith('-') ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    private static LogLevel? ParseLevel(string? value) => value?.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" or "err" => LogLevel.Error,
        _ => null,
    };

    private static async Task<int> UsageError(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync("Error: " + message + "\n").ConfigureAwait(false);
        await stderr.WriteAsync(Usage).ConfigureAwait(false);
        return 2;
    }
}
