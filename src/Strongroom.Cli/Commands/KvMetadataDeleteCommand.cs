using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvMetadataDeleteCommand : KvCommand
{
    public override string Name => "kv metadata delete";

    public override string Synopsis => "Delete a key with all its versions and metadata (kv v2)";

    protected override string Help => """
        Usage: strongroom kv metadata delete [options] KEY

          Permanently deletes the key, all of its versions and its metadata (kv v2 only).

              $ strongroom kv metadata delete secret/ai/openai
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        RequireV2(mount, "kv metadata delete");
        var apiPath = KvPaths.ApiPath(mount, path, "metadata");
        context.Action = $"deleting {apiPath}";
        await context.Client.DeleteAsync(apiPath, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Data deleted (if it existed) at: {apiPath}");
    }
}
