using Strongroom.Cli.Flags;
using Strongroom.Cli.Output;

namespace Strongroom.Cli.Commands;

internal sealed class SecretsListCommand : Command
{
    private BoolFlag _detailed = null!;

    public override string Name => "secrets list";

    public override string Synopsis => "List enabled secrets engines";

    protected override string Help => """
        Usage: strongroom secrets list [options]

          Lists the mounted secrets engines (GET sys/mounts).

              $ strongroom secrets list
              $ strongroom secrets list -detailed
        """;

    protected override void DefineFlags(FlagSet flags) =>
        _detailed = flags.Bool("detailed", false, "Show TTLs and options too.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        context.Action = "listing secrets engines";
        var response = await context.Client.ReadAsync("sys/mounts", cancellationToken).ConfigureAwait(false);
        var mounts = response?.Data ?? [];
        return context.Output.Custom(mounts, MountTableOutput.Format(mounts, _detailed.Value));
    }
}
