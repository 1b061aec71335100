using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvListCommand : KvCommand
{
    public override string Name => "kv list";

    public override string Synopsis => "List keys under a path in the kv store";

    protected override string Help => """
        Usage: strongroom kv list [options] PATH

          Lists the keys under the given path; folders end in "/". Exit code 2 when there are none.

              $ strongroom kv list secret/
              $ strongroom kv list -mount=secret ai
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        var apiPath = KvPaths.ApiPath(mount, path, "metadata");
        context.Action = $"listing {apiPath}";
        var secret = await context.Client.ListAsync(apiPath + "/", cancellationToken).ConfigureAwait(false);
        return ListCommand.PrintKeys(context, secret, apiPath);
    }
}
