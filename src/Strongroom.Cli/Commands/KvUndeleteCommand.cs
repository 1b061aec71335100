using Strongroom.Cli.Flags;
using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvUndeleteCommand : KvCommand
{
    private StringListFlag _versions = null!;

    public override string Name => "kv undelete";

    public override string Synopsis => "Restore soft-deleted versions (kv v2)";

    protected override string Help => """
        Usage: strongroom kv undelete [options] KEY

          Restores the given soft-deleted versions at the path (kv v2 only). Destroyed versions cannot be restored.

              $ strongroom kv undelete -versions=3 secret/ai/openai
        """;

    protected override void DefineKvFlags(FlagSet flags) =>
        _versions = flags.List("versions", "Versions to restore (comma-separated or repeated). Required.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var versions = ParseVersions(_versions.Values);
        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        RequireV2(mount, "kv undelete");
        var apiPath = KvPaths.ApiPath(mount, path, "undelete");
        context.Action = $"writing data to {apiPath}";
        await context.Client.WriteAsync(apiPath, new() { ["versions"] = versions }, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Data written to: {apiPath}");
    }
}
