using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class AuthEnableCommand : Command
{
    private StringFlag _path = null!;
    private MountOptions _options = null!;

    public override string Name => "auth enable";

    public override string Synopsis => "Enable an auth method";

    protected override string Help => """
        Usage: strongroom auth enable [options] TYPE

          Enables an auth method of the given type (POST sys/auth/<path>): approle, userpass, jwt, kubernetes...

              $ strongroom auth enable approle
              $ strongroom auth enable -path=k8s-prod -description="prod cluster" kubernetes
        """;

    protected override void DefineFlags(FlagSet flags)
    {
        _path = flags.String("path", null, "Where to mount the auth method. The default is the type name.");
        _options = new MountOptions(flags, withVersion: false);
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var type = args[0].Trim();
        var path = SanitizePath(_path.Value ?? type);
        var body = new JsonObject { ["type"] = type };
        _options.AddTo(body, context.Environment, tune: false);
        context.Action = $"enabling the {type} auth method at {path}/";
        await context.Client.PostAsync("sys/auth/" + path, body, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Enabled {type} auth method at: {path}/");
    }
}
