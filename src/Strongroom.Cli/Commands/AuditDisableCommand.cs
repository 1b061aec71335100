namespace Strongroom.Cli.Commands;

internal sealed class AuditDisableCommand : Command
{
    public override string Name => "audit disable";

    public override string Synopsis => "Disable an audit device";

    protected override string Help => """
        Usage: strongroom audit disable [options] PATH

          Disables the audit device at PATH (DELETE sys/audit/<path>).

              $ strongroom audit disable file/
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var path = SanitizePath(args[0]);
        context.Action = $"disabling the audit device at {path}/";
        await context.Client.DeleteAsync("sys/audit/" + path, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Disabled audit device (if it was enabled) at: {path}/");
    }
}
