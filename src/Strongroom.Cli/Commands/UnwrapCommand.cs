namespace Strongroom.Cli.Commands;

internal sealed class UnwrapCommand : Command
{
    public override string Name => "unwrap";

    public override string Synopsis => "Unwrap a response-wrapped secret";

    protected override string Help => """
        Usage: strongroom unwrap [options] [TOKEN]

          Unwraps a wrapped response (sys/wrapping/unwrap). A wrapping token works exactly once: if
          it was already unwrapped, expired, or taken by someone else, the server refuses it and
          the refusal is in the audit log (treat that as evidence of interception). Without TOKEN,
          the current token (STRONGROOM_TOKEN) is the wrapping token.

              $ strongroom kv get -wrap-ttl=5m secret/ai/openai      # prints wrapping_token
              $ strongroom unwrap s.wrappingtokenfromabove
              $ STRONGROOM_TOKEN=s.wrappingtoken strongroom unwrap -field=api-key
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 1);
        var client = context.Client;
        if (args.Count == 1)
        {
            // The wrapping token authenticates the unwrap itself, as with Vault.
            client.Token = args[0];
        }

        // An unwrap is never itself wrapped.
        client.WrapTtl = null;
        context.Action = "unwrapping";
        var secret = await client.PostAsync("sys/wrapping/unwrap", null, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            await context.Stderr.WriteLineAsync("Error unwrapping: the wrapped response was empty").ConfigureAwait(false);
            return Failure;
        }

        return context.Output.Secret(secret);
    }
}
