namespace Strongroom.Cli.Commands;

internal sealed class WriteCommand : Command
{
    private Flags.BoolFlag _force = null!;

    public override string Name => "write";

    public override string Synopsis => "Write data, configuration, and secrets";

    protected override string Help => """
        Usage: strongroom write [options] PATH [DATA K=V...]

          Writes data to Strongroom at the given path (HTTP PUT). Values may be read from a file (key=@file)
          or stdin (key=-); a lone "-" reads a JSON object from stdin, "@file.json" from a file.

              $ strongroom write secret/my-secret foo=bar
              $ echo '{"foo":"bar"}' | strongroom write secret/my-secret -
        """;

    protected override void DefineFlags(Flags.FlagSet flags)
    {
        _force = flags.Bool("force", false, "Allow the operation to continue with no key=value pairs. Also -f.");
        flags.Alias("f", _force);
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count < 1 || (args.Count == 1 && !_force.Value))
        {
            throw new CommandUsageException(args.Count < 1
                ? "Not enough arguments (expected 1+, got 0)"
                : "Must supply data or use -force");
        }

        var path = SanitizePath(args[0]);
        var data = KeyValueArgs.Parse(args.Skip(1), context.Environment);
        context.Action = $"writing data to {path}";
        var secret = await context.Client.WriteAsync(path, data, cancellationToken).ConfigureAwait(false);
        if (secret is null || (secret.Data is null && secret.Auth is null && secret.WrapInfo is null))
        {
            if (secret is not null)
            {
                context.Output.Warnings(secret);
            }

            return context.Output.IsTable ? context.Output.Success($"Data written to: {path}") : Ok;
        }

        return context.Output.Secret(secret);
    }
}
