using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class OperatorUnsealCommand : Command
{
    private BoolFlag _reset = null!;

    public override string Name => "operator unseal";

    public override string Synopsis => "Provide an unseal key share";

    protected override string Help => """
        Usage: strongroom operator unseal [options] [KEY]

          Provides one unseal key share (PUT sys/unseal). Run it threshold times, with different shares.
          Without KEY the share is prompted for without echo (preferred: arguments end up in shell history).

              $ strongroom operator unseal
              $ strongroom operator unseal -reset
        """;

    protected override void DefineFlags(FlagSet flags) =>
        _reset = flags.Bool("reset", false, "Discard previously entered key shares and restart the unseal process.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, _reset.Value ? 0 : 1);
        JsonObject body;
        if (_reset.Value)
        {
            body = new JsonObject { ["reset"] = true };
        }
        else
        {
            var key = args.Count == 1 ? args[0] : context.Environment.ReadSecret("Unseal Key (will be hidden): ", context.Stderr);
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new CommandUsageException("An unseal key share is required");
            }

            body = new JsonObject { ["key"] = key.Trim() };
        }

        context.Action = "unsealing";
        var response = await context.Client.WriteAsync("sys/unseal", body, cancellationToken).ConfigureAwait(false);
        var status = response?.Data ?? [];
        return context.Output.Custom(status, StatusCommand.SealStatusTable(status));
    }
}
