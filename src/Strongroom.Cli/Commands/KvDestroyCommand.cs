using Strongroom.Cli.Flags;
using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvDestroyCommand : KvCommand
{
    private StringListFlag _versions = null!;

    public override string Name => "kv destroy";

    public override string Synopsis => "Permanently destroy versions (kv v2)";

    protected override string Help => """
        Usage: strongroom kv destroy [options] KEY

          Permanently removes the data of the given versions (kv v2 only). This cannot be undone.

              $ strongroom kv destroy -versions=1,2 secret/ai/openai
        """;

    protected override void DefineKvFlags(FlagSet flags) =>
        _versions = flags.List("versions", "Versions to destroy (comma-separated or repeated). Required.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var versions = ParseVersions(_versions.Values);
        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        RequireV2(mount, "kv destroy");
        var apiPath = KvPaths.ApiPath(mount, path, "destroy");
        context.Action = $"writing data to {apiPath}";
        await context.Client.WriteAsync(apiPath, new() { ["versions"] = versions }, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Data written to: {apiPath}");
    }
}
