namespace Strongroom.Cli.Commands;

internal sealed class SecretsDisableCommand : Command
{
    public override string Name => "secrets disable";

    public override string Synopsis => "Disable a secrets engine (deletes its data)";

    protected override string Help => """
        Usage: strongroom secrets disable [options] PATH

          Unmounts the secrets engine at PATH (DELETE sys/mounts/<path>). Its data and leases are revoked and deleted.

              $ strongroom secrets disable kv1/
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var path = SanitizePath(args[0]);
        context.Action = $"disabling the secrets engine at {path}/";
        await context.Client.DeleteAsync("sys/mounts/" + path, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Disabled the secrets engine (if it existed) at: {path}/");
    }
}
