using System.Text;
using Strongroom.Cli.Commands;

namespace Strongroom.Cli;

/// <summary>The `strongroom` command dispatcher.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, SystemCliEnvironment.Instance, cancellationToken);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, ICliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0)
        {
            await stderr.WriteAsync(TopLevelHelp()).ConfigureAwait(false);
            return 2;
        }

        var rest = args[1..];
        switch (args[0])
        {
            case "server":
                return await Server.ServerCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "injector":
                return await Injector.InjectorCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "gateway":
                return await Gateway.GatewayCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "scan":
                return await Scanner.ScanCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "agent":
                return await Agent.AgentCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "run":
                return await Scanner.RunCommand.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "audit" when args.Length > 1 && args[1] is "verify" or "analyze":
                return await Audit.AuditCli.RunAsync(args[1..], stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "-h" or "-help" or "--help" or "help" when args.Length == 1:
                await stdout.WriteAsync(TopLevelHelp()).ConfigureAwait(false);
                return 0;
            case "-v" or "-version" or "--version":
                args[0] = "version";
                break;
        }

        var (command, consumed) = CommandRegistry.Find(args);
        if (command is not null)
        {
            return await command.RunAsync(args[consumed..], stdout, stderr, environment, cancellationToken).ConfigureAwait(false);
        }

        var group = CommandRegistry.GroupPrefix(args);
        if (group is not null)
        {
            var wantsHelp = args.Length == group.Split(' ').Length
                || args[group.Split(' ').Length] is "-h" or "-help" or "--help";
            var writer = wantsHelp ? stdout : stderr;
            if (!wantsHelp)
            {
                await writer.WriteLineAsync($"Unknown subcommand \"{args[group.Split(' ').Length]}\" of \"{group}\"\n").ConfigureAwait(false);
            }

            await writer.WriteAsync(GroupHelp(group)).ConfigureAwait(false);
            return wantsHelp ? 0 : 2;
        }

        await stderr.WriteLineAsync($"Unknown command \"{args[0]}\"\n").ConfigureAwait(false);
        await stderr.WriteAsync(TopLevelHelp()).ConfigureAwait(false);
        return 2;
    }

    internal static string TopLevelHelp()
    {
        var text = new StringBuilder("Usage: strongroom <command> [args]\n\nCommon commands:\n");
        AppendCommands(text, CommandRegistry.All().Where(c => !c.Name.Contains(' ', StringComparison.Ordinal)));
        text.Append("\nCommand groups (run \"strongroom <group> -help\"):\n");
        foreach (var group in CommandRegistry.Groups().Where(g => !g.Contains(' ', StringComparison.Ordinal)))
        {
            text.Append("    ").Append(group.PadRight(12)).Append(CommandRegistry.GroupSynopsis(group)).Append('\n');
        }

        text.Append("\nOther commands:\n")
            .Append("    server      Start a Strongroom server\n")
            .Append("    injector    Run the Kubernetes admission webhook that injects the agent into pods\n")
            .Append("    agent       Run the agent: auto-auth, token sinks, templates to files, exec, API proxy\n")
            .Append("    gateway     Run the AI key gateway (virtual keys in, provider keys out)\n")
            .Append("    scan        Scan files and git history for leaked secrets\n")
            .Append("    run         Run a command with strongroom:// references resolved in its environment\n");
        return text.ToString();
    }

    private static string GroupHelp(string group)
    {
        var text = new StringBuilder($"Usage: strongroom {group} <subcommand> [options] [args]\n\n{CommandRegistry.GroupSynopsis(group)}\n\nSubcommands:\n");
        AppendCommands(text, CommandRegistry.All().Where(c => c.Name.StartsWith(group + " ", StringComparison.Ordinal)), group.Length + 1);
        return text.ToString();
    }

    private static void AppendCommands(StringBuilder text, IEnumerable<Command> commands, int skip = 0)
    {
        foreach (var command in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            text.Append("    ").Append(command.Name[skip..].PadRight(20)).Append(command.Synopsis).Append('\n');
        }
    }
}
