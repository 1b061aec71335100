using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class TokenLookupCommand : Command
{
    private BoolFlag _accessor = null!;

    public override string Name => "token lookup";

    public override string Synopsis => "Display information about a token";

    protected override string Help => """
        Usage: strongroom token lookup [options] [TOKEN | ACCESSOR]

          Shows a token's properties: the current token (auth/token/lookup-self), the given TOKEN
          (auth/token/lookup) or, with -accessor, the token behind an accessor (auth/token/lookup-accessor).

              $ strongroom token lookup
              $ strongroom token lookup -accessor 8609694a-cdbc-db9b-d345-e782dbb562ed
        """;

    protected override void DefineFlags(FlagSet flags) =>
        _accessor = flags.Bool("accessor", false, "Treat the argument as an accessor instead of a token.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, _accessor.Value ? 1 : 0, 1);
        context.Action = "looking up token";
        var secret = args.Count == 0
            ? await context.Client.ReadAsync("auth/token/lookup-self", cancellationToken).ConfigureAwait(false)
            : _accessor.Value
                ? await context.Client.PostAsync("auth/token/lookup-accessor", new JsonObject { ["accessor"] = args[0] }, cancellationToken).ConfigureAwait(false)
                : await context.Client.PostAsync("auth/token/lookup", new JsonObject { ["token"] = args[0] }, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            await context.Stderr.WriteLineAsync("Error looking up token: token not found").ConfigureAwait(false);
            return Failure;
        }

        return context.Output.Secret(secret);
    }
}
