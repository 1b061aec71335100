using System.Text.Json.Nodes;
using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Output;

/// <summary>
/// SARIF 2.1.0 (OASIS) for GitHub code scanning: one run, the driver lists the rules that fired, each result
/// points at the file and region and carries the fingerprint in `partialFingerprints`.
/// </summary>
internal static class SarifReport
{
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    public static JsonObject Build(IReadOnlyList<Finding> findings, bool redact)
    {
        var rules = findings.Select(f => (f.RuleId, f.Description, f.Severity)).Distinct().OrderBy(r => r.RuleId, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((r, i) => (r.RuleId, i)).ToDictionary(x => x.RuleId, x => x.i, StringComparer.Ordinal);
        var results = new JsonArray();
        foreach (var f in findings)
        {
            var bang = f.Path.IndexOf('!', StringComparison.Ordinal);
            var file = bang < 0 ? f.Path : f.Path[..bang];
            var message = $"{f.Description} ({f.SecretForOutput(redact)})"
                + (bang < 0 ? string.Empty : $" inside {f.Path}")
                + (f.Commit is null ? string.Empty : $" in commit {f.Commit}")
                + (f.Layer is null ? string.Empty : $" in image layer {f.Layer}")
                + (f.Detail is null ? string.Empty : $" ({f.Detail})");
            results.Add(new JsonObject
            {
                ["ruleId"] = f.RuleId,
                ["ruleIndex"] = ruleIndex[f.RuleId],
                ["level"] = f.Severity == "low" ? "note" : f.Severity == "medium" ? "warning" : "error",
                ["message"] = new JsonObject { ["text"] = message },
                ["locations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject
                    {
                        ["artifactLocation"] = new JsonObject { ["uri"] = Uri(file) },
                        ["region"] = new JsonObject { ["startLine"] = Math.Max(1, f.Line), ["startColumn"] = Math.Max(1, f.Column) },
                    },
                }),
                ["partialFingerprints"] = new JsonObject { ["strongroom/v1"] = f.Fingerprint },
            });
        }

        return new JsonObject
        {
            ["$schema"] = Schema,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "strongroom-scan",
                        ["informationUri"] = "https://github.com/strongroom/strongroom/blob/main/docs/scanner.md",
                        ["rules"] = new JsonArray(rules.Select(r => (JsonNode)new JsonObject
                        {
                            ["id"] = r.RuleId,
                            ["name"] = r.RuleId,
                            ["shortDescription"] = new JsonObject { ["text"] = r.Description },
                            ["defaultConfiguration"] = new JsonObject { ["level"] = r.Severity == "medium" ? "warning" : "error" },
                        }).ToArray()),
                    },
                },
                ["results"] = results,
            }),
        };
    }

    private static string Uri(string path) =>
        string.Join('/', path.Split('/').Select(System.Uri.EscapeDataString));
}
