using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class AlertsListCommand : Command
{
    private IntFlag _limit = null!;

    public override string Name => "alerts list";

    public override string Synopsis => "List recent alerts raised from the audit stream";

    protected override string Help => """
        Usage: strongroom alerts list [options]

          Lists the most recent alerts (GET sys/alerts; needs sudo): auth-failure spikes,
          permission-denied bursts, off-hours reads, one identity reading many secrets,
          policy/auth/audit/mount changes, root token use, seal and unseal.

              $ strongroom alerts list -limit=20
              $ strongroom alerts list -format=json
        """;

    protected override void DefineFlags(FlagSet flags) =>
        _limit = flags.Int("limit", 50, "How many alerts to show (newest first).");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        context.Action = "listing alerts";
        var query = new Dictionary<string, string> { ["limit"] = _limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var response = await context.Client.ReadAsync("sys/alerts", query, cancellationToken).ConfigureAwait(false);
        var alerts = response?.Data?["alerts"] as JsonArray ?? [];
        var table = new StringBuilder();
        if (alerts.Count == 0)
        {
            table.Append("No alerts.\n");
        }
        else
        {
            table.Append("Time                         Rule                     Severity    Summary\n");
            table.Append("----                         ----                     --------    -------\n");
            foreach (var alert in alerts.OfType<JsonObject>())
            {
                table.Append($"{alert["time"],-28} {alert["rule"],-24} {alert["severity"],-11} {alert["summary"]}\n");
            }
        }

        return context.Output.Custom(alerts, table.ToString());
    }
}
