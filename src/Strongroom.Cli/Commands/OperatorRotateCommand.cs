namespace Strongroom.Cli.Commands;

internal sealed class OperatorRotateCommand : Command
{
    public override string Name => "operator rotate";

    public override string Synopsis => "Rotate the barrier encryption key";

    protected override string Help => """
        Usage: strongroom operator rotate [options]

          Installs a new barrier encryption key term (PUT sys/rotate). New writes use the new key; existing
          entries stay readable with the older terms of the keyring.

              $ strongroom operator rotate
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        context.Action = "rotating key";
        await context.Client.WriteAsync("sys/rotate", null, cancellationToken).ConfigureAwait(false);
        context.Action = "reading key status";
        var response = await context.Client.ReadAsync("sys/key-status", cancellationToken).ConfigureAwait(false);
        var status = response?.Data ?? [];
        return context.Output.Custom(status, "Success! Rotated key\n\n" + OperatorKeyStatusCommand.Table(status));
    }
}
