using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;
using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvRollbackCommand : KvCommand
{
    private IntFlag _version = null!;

    public override string Name => "kv rollback";

    public override string Synopsis => "Write an older version's data as the new latest version (kv v2)";

    protected override string Help => """
        Usage: strongroom kv rollback [options] KEY

          Restores the data of -version as a new version (kv v2 only), using check-and-set on the current
          version so a concurrent write is not overwritten. The version must be neither deleted nor destroyed.

              $ strongroom kv rollback -version=2 secret/ai/openai
        """;

    protected override void DefineKvFlags(FlagSet flags) =>
        _version = flags.Int("version", 0, "The version to roll back to. Required.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        if (_version.Value <= 0)
        {
            throw new CommandUsageException("Must specify a positive -version to roll back to");
        }

        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        RequireV2(mount, "kv rollback");
        var metadataPath = KvPaths.ApiPath(mount, path, "metadata");
        context.Action = $"reading {metadataPath}";
        var metadata = await context.Client.ReadAsync(metadataPath, cancellationToken).ConfigureAwait(false);
        var target = _version.Value.ToString(CultureInfo.InvariantCulture);
        if (metadata?.Data?["current_version"] is not JsonValue currentNode || !currentNode.TryGetValue(out int current)
            || metadata.Data["versions"]?[target] is not JsonObject versionInfo)
        {
            await context.Stderr.WriteLineAsync($"No value found at {metadataPath} for version {target}").ConfigureAwait(false);
            return UsageError;
        }

        if (versionInfo["destroyed"] is JsonValue d && d.TryGetValue(out bool destroyed) && destroyed)
        {
            await context.Stderr.WriteLineAsync($"Cannot roll back to a version that has been destroyed").ConfigureAwait(false);
            return Failure;
        }

        if (versionInfo["deletion_time"] is JsonValue del && del.ToString().Length > 0)
        {
            await context.Stderr.WriteLineAsync($"Cannot roll back to a version that has been deleted").ConfigureAwait(false);
            return Failure;
        }

        var dataPath = KvPaths.ApiPath(mount, path, "data");
        context.Action = $"reading {dataPath}";
        var old = await context.Client.ReadAsync(dataPath, new Dictionary<string, string> { ["version"] = target }, cancellationToken).ConfigureAwait(false);
        if (old?.Data?["data"] is not JsonObject data)
        {
            await context.Stderr.WriteLineAsync($"No value found at {dataPath} for version {target}").ConfigureAwait(false);
            return UsageError;
        }

        var body = new JsonObject { ["data"] = data.DeepClone(), ["options"] = new JsonObject { ["cas"] = current } };
        context.Action = $"writing data to {dataPath}";
        var secret = await context.Client.WriteAsync(dataPath, body, cancellationToken).ConfigureAwait(false);
        return KvOutput.Written(context, secret, mount, dataPath);
    }
}
