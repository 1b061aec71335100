using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class SecretsEnableCommand : Command
{
    private StringFlag _path = null!;
    private MountOptions _options = null!;

    public override string Name => "secrets enable";

    public override string Synopsis => "Enable a secrets engine";

    protected override string Help => """
        Usage: strongroom secrets enable [options] TYPE

          Mounts a secrets engine of the given type (POST sys/mounts/<path>). "kv-v2" is kv with version 2.

              $ strongroom secrets enable -path=secret kv-v2
              $ strongroom secrets enable -path=kv1 -version=1 kv
              $ strongroom secrets enable -description="AI provider keys" -max-lease-ttl=24h transit
        """;

    protected override void DefineFlags(FlagSet flags)
    {
        _path = flags.String("path", null, "Where to mount the engine. The default is the type name.");
        _options = new MountOptions(flags, withVersion: true);
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var type = args[0].Trim();
        int? impliedVersion = null;
        if (type == "kv-v2")
        {
            type = "kv";
            impliedVersion = 2;
        }

        var path = SanitizePath(_path.Value ?? type);
        var body = new JsonObject { ["type"] = type };
        _options.AddTo(body, context.Environment, tune: false, impliedVersion);
        context.Action = $"enabling the {type} secrets engine at {path}/";
        await context.Client.PostAsync("sys/mounts/" + path, body, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Enabled the {args[0].Trim()} secrets engine at: {path}/");
    }
}
