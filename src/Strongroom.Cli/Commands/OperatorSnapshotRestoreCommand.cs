using System.Text.Json.Nodes;

namespace Strongroom.Cli.Commands;

internal sealed class OperatorSnapshotRestoreCommand : Command
{
    public override string Name => "operator snapshot restore";

    public override string Synopsis => "Replace the whole storage with a snapshot file";

    protected override string Help => """
        Usage: strongroom operator snapshot restore [options] FILE

          Sends FILE (made by "operator snapshot save") to POST sys/storage/snapshot. The server checks its
          checksum, replaces every storage entry with the snapshot's in one transaction and seals itself:
          unseal it with the key shares of the cluster the snapshot came from. Requires sudo.

              $ strongroom operator snapshot restore backup.snap
              $ strongroom operator unseal
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        context.Action = "reading snapshot file";
        var text = await File.ReadAllTextAsync(args[0], cancellationToken).ConfigureAwait(false);
        var snapshot = JsonNode.Parse(text) as JsonObject ?? throw new FormatException("the snapshot file is not a JSON object");
        context.Action = "restoring snapshot";
        await context.Client.WriteAsync("sys/storage/snapshot", snapshot, cancellationToken).ConfigureAwait(false);
        return context.Output.Success("Success! Restored snapshot; the server is sealed: unseal it with the snapshot's key shares.");
    }
}
