using Strongroom.Cli.Flags;
using Strongroom.Cli.Output;

namespace Strongroom.Cli.Commands;

internal sealed class AuditListCommand : Command
{
    private BoolFlag _detailed = null!;

    public override string Name => "audit list";

    public override string Synopsis => "List enabled audit devices";

    protected override string Help => """
        Usage: strongroom audit list [options]

          Lists the enabled audit devices (GET sys/audit). Exit code 2 when none is enabled.

              $ strongroom audit list -detailed
        """;

    protected override void DefineFlags(FlagSet flags) =>
        _detailed = flags.Bool("detailed", false, "Show device options too.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        context.Action = "listing audit devices";
        var response = await context.Client.ReadAsync("sys/audit", cancellationToken).ConfigureAwait(false);
        var devices = response?.Data ?? [];
        if (context.Output.IsTable && !devices.Any(p => p.Value is System.Text.Json.Nodes.JsonObject))
        {
            await context.Stdout.WriteLineAsync("No audit devices are enabled.").ConfigureAwait(false);
            return UsageError;
        }

        return context.Output.Custom(devices, MountTableOutput.FormatAudit(devices, _detailed.Value));
    }
}
