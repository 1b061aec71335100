using Strongroom.Cli.Flags;
using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvDeleteCommand : KvCommand
{
    private StringListFlag _versions = null!;

    public override string Name => "kv delete";

    public override string Synopsis => "Delete versions in the kv store (soft delete on v2)";

    protected override string Help => """
        Usage: strongroom kv delete [options] KEY

          Deletes the data at the given path. On kv v2 this is a soft delete of the latest version (or of
          -versions), which "kv undelete" reverses; on kv v1 the data is removed.

              $ strongroom kv delete secret/ai/openai
              $ strongroom kv delete -versions=1,2 secret/ai/openai
        """;

    protected override void DefineKvFlags(FlagSet flags) =>
        _versions = flags.List("versions", "Versions to delete (comma-separated or repeated); kv v2 only.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        string apiPath;
        if (mount.IsV2 && _versions.Values.Count > 0)
        {
            apiPath = KvPaths.ApiPath(mount, path, "delete");
            context.Action = $"deleting {apiPath}";
            await context.Client.WriteAsync(apiPath, new() { ["versions"] = ParseVersions(_versions.Values) }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            apiPath = KvPaths.ApiPath(mount, path, "data");
            context.Action = $"deleting {apiPath}";
            await context.Client.DeleteAsync(apiPath, cancellationToken).ConfigureAwait(false);
        }

        return context.Output.Success($"Data deleted (if it existed) at: {apiPath}");
    }
}
