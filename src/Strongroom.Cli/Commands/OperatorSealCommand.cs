namespace Strongroom.Cli.Commands;

internal sealed class OperatorSealCommand : Command
{
    public override string Name => "operator seal";

    public override string Synopsis => "Seal the server";

    protected override string Help => """
        Usage: strongroom operator seal [options]

          Seals the server (PUT sys/seal): the in-memory keys are discarded and every request fails until it is
          unsealed again with the key shares. Requires sudo capability on sys/seal.

              $ strongroom operator seal
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        context.Action = "sealing";
        await context.Client.WriteAsync("sys/seal", null, cancellationToken).ConfigureAwait(false);
        return context.Output.Success("Strongroom is sealed.");
    }
}
