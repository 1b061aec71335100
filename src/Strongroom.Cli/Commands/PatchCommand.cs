namespace Strongroom.Cli.Commands;

internal sealed class PatchCommand : Command
{
    public override string Name => "patch";

    public override string Synopsis => "Patch data, configuration, and secrets";

    protected override string Help => """
        Usage: strongroom patch [options] PATH [DATA K=V...]

          Patches data at the given path with a JSON merge patch (HTTP PATCH, RFC 7386).
          Data arguments work as in "strongroom write".

              $ strongroom patch pki/roles/example allow_localhost=false
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count < 2)
        {
            throw new CommandUsageException($"Not enough arguments (expected 2+, got {args.Count})");
        }

        var path = SanitizePath(args[0]);
        var data = KeyValueArgs.Parse(args.Skip(1), context.Environment);
        context.Action = $"patching data at {path}";
        var secret = await context.Client.PatchAsync(path, data, cancellationToken).ConfigureAwait(false);
        if (secret?.Data is null && secret?.Auth is null)
        {
            return context.Output.IsTable ? context.Output.Success($"Data written to: {path}") : Ok;
        }

        return context.Output.Secret(secret);
    }
}
