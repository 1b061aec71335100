using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class LeaseRevokeCommand : Command
{
    private BoolFlag _prefix = null!;
    private BoolFlag _force = null!;

    public override string Name => "lease revoke";

    public override string Synopsis => "Revoke a lease and the secret behind it";

    protected override string Help => """
        Usage: strongroom lease revoke [options] ID

          Revokes a lease now (sys/leases/revoke): the engine takes the secret back (a database user is
          dropped). With -prefix, ID is a prefix and every lease under it is revoked
          (sys/leases/revoke-prefix). -force (with -prefix) forgets the leases even when the engine
          cannot revoke them (sys/leases/revoke-force): the secrets may stay valid, use with care.

              $ strongroom lease revoke database/creds/readonly/2f6a614c-4aa2-7b19-24b9-ad944a8d4de6
              $ strongroom lease revoke -prefix database/creds/readonly
        """;

    protected override void DefineFlags(FlagSet flags)
    {
        _prefix = flags.Bool("prefix", false, "Treat ID as a prefix and revoke every lease under it.");
        _force = flags.Bool("force", false, "With -prefix: delete the leases even if the engine fails to revoke them.");
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        if (_force.Value && !_prefix.Value)
        {
            throw new CommandUsageException("-force requires -prefix");
        }

        context.Action = "revoking lease";
        if (_prefix.Value)
        {
            var path = (_force.Value ? "sys/leases/revoke-force/" : "sys/leases/revoke-prefix/") + args[0].Trim('/');
            await context.Client.PostAsync(path, null, cancellationToken).ConfigureAwait(false);
            return context.Output.Success($"All revocation operations queued successfully for prefix {args[0]}");
        }

        await context.Client.PostAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = args[0] }, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Revoked lease {args[0]}");
    }
}
