using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class SecretsTuneCommand : Command
{
    private MountOptions _options = null!;

    public override string Name => "secrets tune";

    public override string Synopsis => "Tune a secrets engine's configuration";

    protected override string Help => """
        Usage: strongroom secrets tune [options] PATH

          Changes the configuration of the secrets engine at PATH (POST sys/mounts/<path>/tune).
          Only the flags given are changed. -version=2 upgrades a kv v1 mount to v2.

              $ strongroom secrets tune -default-lease-ttl=1h -max-lease-ttl=24h secret/
              $ strongroom secrets tune -version=2 kv1/
        """;

    protected override void DefineFlags(FlagSet flags) => _options = new MountOptions(flags, withVersion: true);

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var path = SanitizePath(args[0]);
        var body = new JsonObject();
        _options.AddTo(body, context.Environment, tune: true);
        context.Action = $"tuning the secrets engine at {path}/";
        await context.Client.PostAsync($"sys/mounts/{path}/tune", body, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Tuned the secrets engine at: {path}/");
    }
}
