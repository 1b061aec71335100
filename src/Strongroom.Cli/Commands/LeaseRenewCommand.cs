using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class LeaseRenewCommand : Command
{
    private DurationFlag _increment = null!;

    public override string Name => "lease renew";

    public override string Synopsis => "Renew a lease";

    protected override string Help => """
        Usage: strongroom lease renew [options] ID

          Extends a lease (sys/leases/renew). The engine may give less than asked: the lease never
          outlives its max TTL. For a database credential this also moves the user's VALID UNTIL.

              $ strongroom lease renew database/creds/readonly/2f6a614c-4aa2-7b19-24b9-ad944a8d4de6
              $ strongroom lease renew -increment=30m database/creds/readonly/2f6a614c-4aa2-7b19-24b9-ad944a8d4de6
        """;

    protected override void DefineFlags(FlagSet flags) =>
        _increment = flags.Duration("increment", "Requested TTL from now; the engine's default TTL when omitted.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var body = new JsonObject { ["lease_id"] = args[0] };
        if (_increment.Value is { } increment)
        {
            body["increment"] = increment;
        }

        context.Action = "renewing lease";
        var secret = await context.Client.PostAsync("sys/leases/renew", body, cancellationToken).ConfigureAwait(false);
        return secret is null ? Ok : context.Output.Secret(secret);
    }
}
