namespace Strongroom.Cli.Commands;

internal sealed class DeleteCommand : Command
{
    public override string Name => "delete";

    public override string Synopsis => "Delete secrets and configuration";

    protected override string Help => """
        Usage: strongroom delete [options] PATH

          Deletes secrets and configuration at the given path (HTTP DELETE).

              $ strongroom delete secret/my-secret
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var path = SanitizePath(args[0]);
        context.Action = $"deleting {path}";
        await context.Client.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Data deleted (if it existed) at: {path}");
    }
}
