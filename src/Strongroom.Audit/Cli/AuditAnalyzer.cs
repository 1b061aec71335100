using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>Replays audit files through the alert rules offline (`strongroom audit analyze`).</summary>
internal static class AuditAnalyzer
{
    /// <summary>The alerts the rules raise over <paramref name="files"/>, oldest first, and the number of entries read.</summary>
    public static async Task<(IReadOnlyList<Alert> Alerts, long Entries, long Skipped)> AnalyzeAsync(
        IReadOnlyList<string> files, JsonObject? config, CancellationToken cancellationToken)
    {
        var engine = AlertEngine.Create(config, new AlertEngineOptions { ExpiryCheckInterval = TimeSpan.Zero }, out var error)
            ?? throw new ArgumentException(error, nameof(config));
        await using var _ = engine.ConfigureAwait(false);
        List<Alert> alerts = [];
        engine.Emitted += alerts.Add;
        long entries = 0, skipped = 0;
        foreach (var file in files)
        {
            await foreach (var line in File.ReadLinesAsync(file, cancellationToken).ConfigureAwait(false))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (AuditLogReader.TryParse(line) is { } e)
                {
                    entries++;
                    engine.Observe(e);
                }
                else
                {
                    skipped++;
                }
            }
        }

        return (alerts, entries, skipped);
    }
}
