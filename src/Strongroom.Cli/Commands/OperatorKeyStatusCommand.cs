using System.Text.Json.Nodes;
using Strongroom.Cli.Output;

namespace Strongroom.Cli.Commands;

internal sealed class OperatorKeyStatusCommand : Command
{
    public override string Name => "operator key-status";

    public override string Synopsis => "Print the current encryption key term";

    protected override string Help => """
        Usage: strongroom operator key-status [options]

          Prints the term and install time of the barrier's active encryption key (GET sys/key-status).

              $ strongroom operator key-status
        """;

    internal static string Table(JsonObject status) => TableWriter.Columnize(
    [
        ["Key Term", GoValue.Format(status["term"])],
        ["Install Time", GoValue.Format(status["install_time"])],
        ["Encryption Count", status["encryptions"] is null ? string.Empty : GoValue.Format(status["encryptions"])],
    ]);

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        context.Action = "reading key status";
        var response = await context.Client.ReadAsync("sys/key-status", cancellationToken).ConfigureAwait(false);
        var status = response?.Data ?? [];
        return context.Output.Custom(status, Table(status));
    }
}
