using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class AuditEnableCommand : Command
{
    private StringFlag _path = null!;
    private StringFlag _description = null!;
    private BoolFlag _local = null!;

    public override string Name => "audit enable";

    public override string Synopsis => "Enable an audit device";

    protected override string Help => """
        Usage: strongroom audit enable [options] TYPE [CONFIG K=V...]

          Enables an audit device (PUT sys/audit/<path>): file, socket or stdout. K=V pairs are device options.
          Once a device is enabled, a request that no device can record is refused.

              $ strongroom audit enable file file_path=/var/log/strongroom/audit.log
              $ strongroom audit enable -path=stdout-audit stdout
        """;

    protected override void DefineFlags(FlagSet flags)
    {
        _path = flags.String("path", null, "Where to enable the device. The default is the type name.");
        _description = flags.String("description", null, "Human-friendly description of the device.");
        _local = flags.Bool("local", false, "Mark the device as local-only (not replicated).");
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, int.MaxValue);
        var type = args[0].Trim();
        var path = SanitizePath(_path.Value ?? type);
        var body = new JsonObject
        {
            ["type"] = type,
            ["description"] = _description.Value ?? string.Empty,
            ["options"] = KeyValueArgs.Parse(args.Skip(1), context.Environment),
            ["local"] = _local.Value,
        };
        context.Action = $"enabling the {type} audit device at {path}/";
        await context.Client.WriteAsync("sys/audit/" + path, body, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Enabled the {type} audit device at: {path}/");
    }
}
