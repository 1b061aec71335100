using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class TokenRenewCommand : Command
{
    private DurationFlag _increment = null!;
    private BoolFlag _accessor = null!;

    public override string Name => "token renew";

    public override string Synopsis => "Renew a token's lease";

    protected override string Help => """
        Usage: strongroom token renew [options] [TOKEN | ACCESSOR]

          Extends a token's TTL: the current token (auth/token/renew-self), the given TOKEN (auth/token/renew)
          or, with -accessor, by accessor (auth/token/renew-accessor). The server caps it at the max TTL.

              $ strongroom token renew
              $ strongroom token renew -increment=30m
        """;

    protected override void DefineFlags(FlagSet flags)
    {
        _increment = flags.Duration("increment", "Requested TTL extension; the server may give less.");
        _accessor = flags.Bool("accessor", false, "Treat the argument as an accessor instead of a token.");
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, _accessor.Value ? 1 : 0, 1);
        var body = new JsonObject();
        if (_increment.Value is { } increment)
        {
            body["increment"] = increment;
        }

        string path;
        if (args.Count == 0)
        {
            path = "auth/token/renew-self";
        }
        else if (_accessor.Value)
        {
            path = "auth/token/renew-accessor";
            body["accessor"] = args[0];
        }
        else
        {
            path = "auth/token/renew";
            body["token"] = args[0];
        }

        context.Action = "renewing token";
        var secret = await context.Client.PostAsync(path, body, cancellationToken).ConfigureAwait(false);
        return secret is null ? Ok : context.Output.Secret(secret);
    }
}
