using Strongroom.Cli.Flags;
using Strongroom.Cli.Output;

namespace Strongroom.Cli.Commands;

internal sealed class AuthListCommand : Command
{
    private BoolFlag _detailed = null!;

    public override string Name => "auth list";

    public override string Synopsis => "List enabled auth methods";

    protected override string Help => """
        Usage: strongroom auth list [options]

          Lists the enabled auth methods (GET sys/auth).

              $ strongroom auth list
              $ strongroom auth list -detailed
        """;

    protected override void DefineFlags(FlagSet flags) =>
        _detailed = flags.Bool("detailed", false, "Show TTLs and options too.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        context.Action = "listing auth methods";
        var response = await context.Client.ReadAsync("sys/auth", cancellationToken).ConfigureAwait(false);
        var methods = response?.Data ?? [];
        return context.Output.Custom(methods, MountTableOutput.Format(methods, _detailed.Value));
    }
}
