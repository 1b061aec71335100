using System.Globalization;
using System.Text.Json.Nodes;

namespace Strongroom.Cli.Commands;

internal sealed class OperatorSnapshotSaveCommand : Command
{
    public override string Name => "operator snapshot save";

    public override string Synopsis => "Save a snapshot of the whole storage to a file";

    protected override string Help => """
        Usage: strongroom operator snapshot save [options] FILE

          Reads a consistent snapshot of every storage entry (GET sys/storage/snapshot) and writes it to FILE
          (created owner-only). The entries stay barrier-encrypted: restoring needs the cluster's unseal keys.
          Works on SQLite and PostgreSQL storage. Requires sudo on sys/storage/snapshot.

              $ strongroom operator snapshot save backup.snap
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        context.Action = "reading snapshot";
        var response = await context.Client.ReadAsync("sys/storage/snapshot", cancellationToken).ConfigureAwait(false);
        var data = response?.Data ?? throw new FormatException("the server returned no snapshot");
        context.Action = "writing snapshot file";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(args[0], options))
        {
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(data.ToJsonString()), cancellationToken).ConfigureAwait(false);
        }

        var count = (int?)data["entry_count"] ?? 0;
        var summary = new JsonObject { ["file"] = args[0], ["entry_count"] = count, ["sha256"] = (string?)data["sha256"], ["created_at"] = (string?)data["created_at"] };
        return context.Output.Custom(summary, string.Create(CultureInfo.InvariantCulture, $"Success! Saved snapshot of {count} entries to {args[0]}\n"));
    }
}
