using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Output;

/// <summary>Writes findings as human text, JSON, JSON lines or SARIF 2.1.0. Secrets are redacted unless told otherwise.</summary>
internal static class ReportWriter
{
    public static async Task WriteAsync(
        TextWriter writer, OutputFormat format, IReadOnlyList<Finding> findings, ScanSummary summary, bool redact, bool color,
        CancellationToken cancellationToken)
    {
        switch (format)
        {
            case OutputFormat.Json:
                var document = new JsonObject
                {
                    ["findings"] = new JsonArray(findings.Select(f => (JsonNode)FindingJson.ToJson(f, redact)).ToArray()),
                    ["summary"] = new JsonObject
                    {
                        ["findings"] = findings.Count,
                        ["files"] = summary.Files,
                        ["bytes"] = summary.Bytes,
                        ["suppressedByBaseline"] = summary.Suppressed,
                        ["seconds"] = Math.Round(summary.Elapsed.TotalSeconds, 3),
                    },
                };
                await writer.WriteLineAsync(document.ToJsonString(FindingJson.Indented).AsMemory(), cancellationToken).ConfigureAwait(false);
                break;
            case OutputFormat.JsonLines:
                foreach (var finding in findings)
                {
                    await writer.WriteLineAsync(FindingJson.ToJson(finding, redact).ToJsonString(FindingJson.Compact).AsMemory(), cancellationToken).ConfigureAwait(false);
                }

                break;
            case OutputFormat.Sarif:
                await writer.WriteLineAsync(SarifReport.Build(findings, redact).ToJsonString(FindingJson.Indented).AsMemory(), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await WriteTextAsync(writer, findings, summary, redact, color, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static async Task WriteTextAsync(
        TextWriter writer, IReadOnlyList<Finding> findings, ScanSummary summary, bool redact, bool color, CancellationToken cancellationToken)
    {
        string Paint(string code, string text) => color ? $"\u001b[{code}m{text}\u001b[0m" : text;

        foreach (var f in findings)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{f.Path}:{f.Line}:{f.Column}");
            var extra = string.Join(", ", new[]
            {
                f.Commit is null ? null : "commit " + f.Commit[..Math.Min(12, f.Commit.Length)],
                f.Layer is null ? null : "layer " + f.Layer,
                f.Detail,
            }.OfType<string>());
            await writer.WriteLineAsync($"{Paint("1;31", f.RuleId)}  {Paint("36", where)}{(extra.Length > 0 ? "  (" + extra + ")" : string.Empty)}".AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.WriteLineAsync($"    {f.Description}: {Paint("33", f.SecretForOutput(redact))}  fingerprint {f.Fingerprint}".AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        var size = summary.Bytes >= 1 << 20
            ? string.Create(CultureInfo.InvariantCulture, $"{summary.Bytes / 1048576.0:0.0} MB")
            : string.Create(CultureInfo.InvariantCulture, $"{summary.Bytes / 1024.0:0.0} KB");
        var status = findings.Count == 0 ? Paint("32", "no secrets found") : Paint("1;31", $"{findings.Count} secret(s) found");
        var suppressed = summary.Suppressed > 0 ? $", {summary.Suppressed} known in baseline" : string.Empty;
        await writer.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"strongroom scan: {status}{suppressed} ({summary.Files} files, {size}, {summary.Elapsed.TotalSeconds:0.00}s)").AsMemory(), cancellationToken).ConfigureAwait(false);
    }
}
