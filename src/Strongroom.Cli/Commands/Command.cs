using Strongroom.Cli.Flags;
using Strongroom.Client;

namespace Strongroom.Cli.Commands;

/// <summary>
/// One CLI command (<c>kv put</c>, <c>token create</c>...). Exit codes: 0 success, 1 API or other failure,
/// 2 usage error (and Vault's "no value found"/"sealed" answers).
/// </summary>
internal abstract class Command
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>Space-separated command path, e.g. "kv metadata get".</summary>
    public abstract string Name { get; }

    /// <summary>One line shown in the command list.</summary>
    public abstract string Synopsis { get; }

    /// <summary>"Usage: strongroom ..." line and a description with examples.</summary>
    protected abstract string Help { get; }

    /// <summary>Runs the command with the arguments after its name.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, ICliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);
        var flags = new FlagSet();
        DefineFlags(flags.Section("Command Options"));
        var common = new CommonFlags(flags, environment);
        var error = flags.Parse(args);
        if (flags.HelpRequested)
        {
            await stdout.WriteAsync(HelpText(flags)).ConfigureAwait(false);
            return Ok;
        }

        if (error is null && common.EffectiveFormat is null)
        {
            error = $"invalid output format \"{common.Format.Value}\" (from STRONGROOM_FORMAT/VAULT_FORMAT): must be table, json or yaml";
        }

        if (error is not null)
        {
            await stderr.WriteLineAsync(error + "\n\n" + HelpText(flags)).ConfigureAwait(false);
            return UsageError;
        }

        using var context = new CommandContext(stdout, stderr, environment, common, common.EffectiveFormat!);
        context.Action = "running " + Name;
        try
        {
            return await ExecuteAsync(context, flags.Positional, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandUsageException usage)
        {
            await stderr.WriteLineAsync(usage.Message + "\n\n" + HelpText(flags)).ConfigureAwait(false);
            return UsageError;
        }
        catch (VaultApiException api)
        {
            await stderr.WriteLineAsync($"Error {context.Action}: {api.Message}").ConfigureAwait(false);
            return Failure;
        }
        catch (HttpRequestException http)
        {
            await stderr.WriteLineAsync($"Error {context.Action}: {http.Message}").ConfigureAwait(false);
            return Failure;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException or System.Security.Cryptography.CryptographicException)
        {
            await stderr.WriteLineAsync($"Error {context.Action}: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>Full help: usage, description and flags.</summary>
    public string HelpText(FlagSet flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        return Help.TrimEnd() + "\n\n" + flags.Describe();
    }

    /// <summary>Declares the command's own flags.</summary>
    protected virtual void DefineFlags(FlagSet flags)
    {
    }

    protected abstract Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken);

    /// <summary>Checks the positional argument count; a mismatch is a usage error (exit 2).</summary>
    protected static void ExpectArgs(IReadOnlyList<string> args, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(args);
        var expected = min == max ? Invariant(min) : max == int.MaxValue ? Invariant(min) + "+" : $"{Invariant(min)}-{Invariant(max)}";
        if (args.Count < min)
        {
            throw new CommandUsageException($"Not enough arguments (expected {expected}, got {Invariant(args.Count)})");
        }

        if (args.Count > max)
        {
            throw new CommandUsageException($"Too many arguments (expected {expected}, got {Invariant(args.Count)})");
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Trims surrounding slashes from a user-given API path.</summary>
    protected static string SanitizePath(string path) => path.Trim().Trim('/');
}
