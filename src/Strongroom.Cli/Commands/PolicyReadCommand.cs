namespace Strongroom.Cli.Commands;

internal sealed class PolicyReadCommand : Command
{
    public override string Name => "policy read";

    public override string Synopsis => "Print a policy's text";

    protected override string Help => """
        Usage: strongroom policy read [options] NAME

          Prints the text of the policy NAME (GET sys/policies/acl/NAME).

              $ strongroom policy read ai-readers
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var name = SanitizePath(args[0]).ToLowerInvariant();
        context.Action = $"reading policy named {name}";
        var secret = await context.Client.ReadAsync("sys/policies/acl/" + name, cancellationToken).ConfigureAwait(false);
        if (secret?.Data is not { } data)
        {
            await context.Stderr.WriteLineAsync($"No policy named: {name}").ConfigureAwait(false);
            return UsageError;
        }

        if (!context.Output.IsTable)
        {
            return context.Output.Secret(secret);
        }

        var text = data["policy"]?.ToString() ?? data["rules"]?.ToString() ?? string.Empty;
        await context.Stdout.WriteLineAsync(text.TrimEnd('\n')).ConfigureAwait(false);
        return Ok;
    }
}
