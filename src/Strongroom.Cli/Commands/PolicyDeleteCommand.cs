namespace Strongroom.Cli.Commands;

internal sealed class PolicyDeleteCommand : Command
{
    public override string Name => "policy delete";

    public override string Synopsis => "Delete a policy";

    protected override string Help => """
        Usage: strongroom policy delete [options] NAME

          Deletes the policy NAME (DELETE sys/policies/acl/NAME). Tokens that carry the name lose its permissions.

              $ strongroom policy delete ai-readers
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var name = SanitizePath(args[0]).ToLowerInvariant();
        context.Action = $"deleting {name}";
        await context.Client.DeleteAsync("sys/policies/acl/" + name, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Deleted policy: {name}");
    }
}
