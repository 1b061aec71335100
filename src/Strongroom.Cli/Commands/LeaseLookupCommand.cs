using System.Text.Json.Nodes;

namespace Strongroom.Cli.Commands;

internal sealed class LeaseLookupCommand : Command
{
    public override string Name => "lease lookup";

    public override string Synopsis => "Look up a lease";

    protected override string Help => """
        Usage: strongroom lease lookup ID

          Shows a lease's issue and expire times, remaining TTL and whether it is renewable
          (sys/leases/lookup). A lease whose revocation failed also shows the attempts, the last
          error and when the next attempt is due.

              $ strongroom lease lookup database/creds/readonly/2f6a614c-4aa2-7b19-24b9-ad944a8d4de6
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        context.Action = "looking up lease";
        var secret = await context.Client.PostAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = args[0] }, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            await context.Stderr.WriteLineAsync("Error looking up lease: lease not found").ConfigureAwait(false);
            return Failure;
        }

        return context.Output.Secret(secret);
    }
}
