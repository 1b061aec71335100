using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;
using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvMetadataPutCommand : KvCommand
{
    private IntFlag _maxVersions = null!;
    private BoolFlag _casRequired = null!;
    private DurationFlag _deleteVersionAfter = null!;
    private StringListFlag _customMetadata = null!;

    public override string Name => "kv metadata put";

    public override string Synopsis => "Set a secret's metadata (max versions, cas, custom metadata)";

    protected override string Help => """
        Usage: strongroom kv metadata put [options] KEY

          Creates or updates the metadata of a key (kv v2 only). Only the flags given are sent.

              $ strongroom kv metadata put -max-versions=5 -cas-required secret/ai/openai
              $ strongroom kv metadata put -custom-metadata=owner=ml-team -custom-metadata=rotates=monthly secret/ai/openai
              $ strongroom kv metadata put -delete-version-after=720h secret/ai/openai
        """;

    protected override void DefineKvFlags(FlagSet flags)
    {
        _maxVersions = flags.Int("max-versions", -1, "Number of versions to keep; 0 means the mount's default.");
        _casRequired = flags.Bool("cas-required", false, "Require check-and-set (-cas) on every write of this key.");
        _deleteVersionAfter = flags.Duration("delete-version-after", "Soft-delete versions this long after they are written; \"0s\" disables.");
        _customMetadata = flags.List("custom-metadata", "key=value metadata (repeatable).", splitCommas: false);
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var body = new JsonObject();
        if (_maxVersions.IsSet)
        {
            body["max_versions"] = _maxVersions.Value;
        }

        if (_casRequired.IsSet)
        {
            body["cas_required"] = _casRequired.Value;
        }

        if (_deleteVersionAfter.IsSet)
        {
            body["delete_version_after"] = _deleteVersionAfter.Value;
        }

        if (_customMetadata.Values.Count > 0)
        {
            body["custom_metadata"] = KeyValueArgs.Parse(_customMetadata.Values, context.Environment);
        }

        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        RequireV2(mount, "kv metadata put");
        var apiPath = KvPaths.ApiPath(mount, path, "metadata");
        context.Action = $"writing data to {apiPath}";
        await context.Client.WriteAsync(apiPath, body, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Data written to: {apiPath}");
    }
}
