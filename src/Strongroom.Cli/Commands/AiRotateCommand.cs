namespace Strongroom.Cli.Commands;

/// <summary>`strongroom ai rotate PROVIDER api_key=...`: adds a new upstream key; the old ones retire once idle.</summary>
internal sealed class AiRotateCommand : Command
{
    private Flags.StringFlag _mount = null!;

    public override string Name => "ai rotate";

    public override string Synopsis => "Rotate a provider's upstream key with zero downtime";

    protected override string Help => """
        Usage: strongroom ai rotate [options] PROVIDER api_key=KEY

          Adds KEY as the provider's active upstream key. Gateways use it for new requests at once;
          the previous keys are retired as soon as the requests already using them finish.
          Read the key from a file (api_key=@file) rather than typing it on the command line.

              $ strongroom ai rotate openai api_key=@/run/secrets/openai-new
        """;

    protected override void DefineFlags(Flags.FlagSet flags) =>
        _mount = flags.String("mount", "ai", "Mount path of the ai secrets engine.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 2, 2);
        var path = $"{SanitizePath(_mount.Value ?? "ai")}/providers/{SanitizePath(args[0])}/rotate";
        var data = KeyValueArgs.Parse(args.Skip(1), context.Environment);
        context.Action = $"rotating the key of provider {args[0]}";
        var secret = await context.Client.WriteAsync(path, data, cancellationToken).ConfigureAwait(false);
        return secret is null ? context.Output.Success($"Rotated provider {args[0]}") : context.Output.Secret(secret);
    }
}
