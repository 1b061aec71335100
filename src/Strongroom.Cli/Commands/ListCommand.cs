using System.Text.Json.Nodes;
using Strongroom.Client;

namespace Strongroom.Cli.Commands;

internal sealed class ListCommand : Command
{
    public override string Name => "list";

    public override string Synopsis => "List data or secrets";

    protected override string Help => """
        Usage: strongroom list [options] PATH

          Lists data at the given path (HTTP LIST). The result is the "keys" of the response.

              $ strongroom list secret/my-app/
        """;

    /// <summary>Prints the keys of a LIST answer, or "No value found" (exit 2) when there are none.</summary>
    internal static int PrintKeys(CommandContext context, VaultResponse? secret, string path)
    {
        var keys = secret?.Data?["keys"] as JsonArray;
        if (secret is null || keys is null)
        {
            context.Stderr.WriteLine($"No value found at {path}");
            return UsageError;
        }

        return context.Output.Field is not null
            ? context.Output.Secret(secret)
            : context.Output.Keys(keys.Select(k => Output.GoValue.Raw(k)).ToArray());
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var path = SanitizePath(args[0]);
        context.Action = $"listing {path}";
        var secret = await context.Client.ListAsync(path + "/", cancellationToken).ConfigureAwait(false);
        return PrintKeys(context, secret, path);
    }
}
