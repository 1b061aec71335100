namespace Strongroom.Cli.Commands;

/// <summary>`strongroom ai report`: upstream keys older than their provider's max_key_age, or rejected upstream.</summary>
internal sealed class AiReportCommand : Command
{
    private Flags.StringFlag _mount = null!;

    public override string Name => "ai report";

    public override string Synopsis => "List upstream provider keys that need rotation";

    protected override string Help => """
        Usage: strongroom ai report [options]

          Reads ai/rotation-report: every upstream provider key older than its provider's max_key_age
          (default 90 days) or marked bad after the provider rejected it.

              $ strongroom ai report -format=json
        """;

    protected override void DefineFlags(Flags.FlagSet flags) =>
        _mount = flags.String("mount", "ai", "Mount path of the ai secrets engine.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        var path = $"{SanitizePath(_mount.Value ?? "ai")}/rotation-report";
        context.Action = "reading the rotation report";
        var secret = await context.Client.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            await context.Stderr.WriteLineAsync($"No value found at {path}").ConfigureAwait(false);
            return UsageError;
        }

        return context.Output.Secret(secret);
    }
}
