namespace Strongroom.Cli.Commands;

internal sealed class AuthDisableCommand : Command
{
    public override string Name => "auth disable";

    public override string Synopsis => "Disable an auth method (revokes its tokens)";

    protected override string Help => """
        Usage: strongroom auth disable [options] PATH

          Disables the auth method at PATH (DELETE sys/auth/<path>); tokens issued through it are revoked.

              $ strongroom auth disable userpass/
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var path = SanitizePath(args[0]);
        context.Action = $"disabling the auth method at {path}/";
        await context.Client.DeleteAsync("sys/auth/" + path, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Disabled the auth method (if it existed) at: {path}/");
    }
}
