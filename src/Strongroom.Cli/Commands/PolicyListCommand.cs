namespace Strongroom.Cli.Commands;

internal sealed class PolicyListCommand : Command
{
    public override string Name => "policy list";

    public override string Synopsis => "List policy names";

    protected override string Help => """
        Usage: strongroom policy list [options]

          Lists the names of the ACL policies (LIST sys/policies/acl).

              $ strongroom policy list
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        context.Action = "listing policies";
        var secret = await context.Client.ListAsync("sys/policies/acl", cancellationToken).ConfigureAwait(false);
        var keys = (secret?.Data?["keys"] as System.Text.Json.Nodes.JsonArray)?.Select(k => Output.GoValue.Raw(k)).ToArray() ?? [];
        if (context.Output.IsTable)
        {
            foreach (var key in keys)
            {
                await context.Stdout.WriteLineAsync(key).ConfigureAwait(false);
            }

            return Ok;
        }

        return context.Output.Field is null ? context.Output.Keys(keys) : context.Output.Secret(secret!);
    }
}
