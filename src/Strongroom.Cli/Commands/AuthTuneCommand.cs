using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class AuthTuneCommand : Command
{
    private MountOptions _options = null!;

    public override string Name => "auth tune";

    public override string Synopsis => "Tune an auth method's configuration";

    protected override string Help => """
        Usage: strongroom auth tune [options] PATH

          Changes the configuration of the auth method at PATH (POST sys/auth/<path>/tune).
          Only the flags given are changed.

              $ strongroom auth tune -default-lease-ttl=30m -max-lease-ttl=4h approle/
        """;

    protected override void DefineFlags(FlagSet flags) => _options = new MountOptions(flags, withVersion: false);

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var path = SanitizePath(args[0]);
        var body = new JsonObject();
        _options.AddTo(body, context.Environment, tune: true);
        context.Action = $"tuning the auth method at {path}/";
        await context.Client.PostAsync($"sys/auth/{path}/tune", body, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Tuned the auth method at: {path}/");
    }
}
