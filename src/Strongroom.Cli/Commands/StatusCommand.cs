using System.Text.Json.Nodes;
using Strongroom.Cli.Output;

namespace Strongroom.Cli.Commands;

internal sealed class StatusCommand : Command
{
    public override string Name => "status";

    public override string Synopsis => "Print seal and HA status";

    protected override string Help => """
        Usage: strongroom status [options]

          Prints the seal status of the server (GET sys/seal-status). Exit code: 0 unsealed, 2 sealed, 1 error.

              $ strongroom status
        """;

    /// <summary>Vault's seal-status table (shared with operator unseal).</summary>
    internal static string SealStatusTable(JsonObject status)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Seal Type", status["type"]),
            Row("Initialized", status["initialized"]),
            Row("Sealed", status["sealed"]),
            Row("Total Shares", status["n"]),
            Row("Threshold", status["t"]),
        };
        if (status["sealed"] is JsonValue sealedValue && sealedValue.TryGetValue(out bool isSealed) && isSealed)
        {
            rows.Add(Row("Unseal Progress", $"{GoValue.Format(status["progress"])}/{GoValue.Format(status["t"])}"));
            rows.Add(Row("Unseal Nonce", status["nonce"]));
        }

        rows.Add(Row("Version", status["version"]));
        rows.Add(Row("Build Date", status["build_date"]));
        rows.Add(Row("Storage Type", status["storage_type"]));
        if (status["cluster_name"] is not null)
        {
            rows.Add(Row("Cluster Name", status["cluster_name"]));
            rows.Add(Row("Cluster ID", status["cluster_id"]));
        }

        return TableWriter.Format(["Key", "Value"], rows);
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        context.Action = "checking seal status";
        var response = await context.Client.ReadAsync("sys/seal-status", cancellationToken).ConfigureAwait(false);
        var status = response?.Data ?? [];
        var code = context.Output.Custom(status, SealStatusTable(status));
        var isSealed = status["sealed"] is JsonValue v && v.TryGetValue(out bool b) && b;
        return code != Ok ? code : isSealed ? UsageError : Ok;
    }

    private static IReadOnlyList<string> Row(string key, JsonNode? value) => [key, value is null ? string.Empty : GoValue.Format(value)];

    private static IReadOnlyList<string> Row(string key, string value) => [key, value];
}
