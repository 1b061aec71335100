using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class TokenRevokeCommand : Command
{
    private BoolFlag _self = null!;
    private BoolFlag _accessor = null!;
    private StringFlag _mode = null!;

    public override string Name => "token revoke";

    public override string Synopsis => "Revoke a token and its children";

    protected override string Help => """
        Usage: strongroom token revoke [options] [TOKEN | ACCESSOR]

          Revokes a token, its child tokens and its leases (auth/token/revoke). -self revokes the current token,
          -accessor revokes by accessor, -mode=orphan revokes only the token and leaves its children as orphans.

              $ strongroom token revoke -self
              $ strongroom token revoke -accessor 8609694a-cdbc-db9b-d345-e782dbb562ed
              $ strongroom token revoke -mode=orphan "$OLD_TOKEN"
        """;

    protected override void DefineFlags(FlagSet flags)
    {
        _self = flags.Bool("self", false, "Revoke the token used for this request.");
        _accessor = flags.Bool("accessor", false, "Treat the argument as an accessor instead of a token.");
        _mode = flags.String("mode", null, "\"orphan\" revokes only the token, keeping its children.", v => v is "" or "orphan" ? null : "must be \"orphan\"");
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (_self.Value && (_accessor.Value || args.Count > 0))
        {
            throw new CommandUsageException("-self cannot be combined with a token, an accessor or -accessor");
        }

        if (_accessor.Value && _mode.Value == "orphan")
        {
            throw new CommandUsageException("-mode=orphan cannot be combined with -accessor");
        }

        ExpectArgs(args, _self.Value ? 0 : 1, _self.Value ? 0 : 1);
        context.Action = "revoking token";
        if (_self.Value)
        {
            await context.Client.PostAsync("auth/token/revoke-self", null, cancellationToken).ConfigureAwait(false);
        }
        else if (_accessor.Value)
        {
            await context.Client.PostAsync("auth/token/revoke-accessor", new JsonObject { ["accessor"] = args[0] }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var path = _mode.Value == "orphan" ? "auth/token/revoke-orphan" : "auth/token/revoke";
            await context.Client.PostAsync(path, new JsonObject { ["token"] = args[0] }, cancellationToken).ConfigureAwait(false);
        }

        return context.Output.Success("Revoked token (if it existed)");
    }
}
