namespace Strongroom.Cli.Commands;

internal sealed class ReadCommand : Command
{
    public override string Name => "read";

    public override string Synopsis => "Read data and retrieve secrets";

    protected override string Help => """
        Usage: strongroom read [options] PATH [KEY=VALUE ...]

          Reads data from Strongroom at the given path. KEY=VALUE pairs are sent as query parameters.

              $ strongroom read secret/my-secret
              $ strongroom read -field=api-key secret/ai/openai
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, int.MaxValue);

        var path = SanitizePath(args[0]);
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in KeyValueArgs.Parse(args.Skip(1), context.Environment))
        {
            query[key] = Output.GoValue.Raw(value);
        }

        context.Action = $"reading {path}";
        var secret = await context.Client.ReadAsync(path, query, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            await context.Stderr.WriteLineAsync($"No value found at {path}").ConfigureAwait(false);
            return UsageError;
        }

        return context.Output.Secret(secret);
    }
}
