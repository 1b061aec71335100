using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Scanner.Detection;
using Strongroom.Scanner.Output;

namespace Strongroom.Scanner.Workflow;

/// <summary>
/// A baseline file: the fingerprints of findings a team has accepted (`scan baseline create`), so `--baseline`
/// fails only on new leaks. It holds rule, path and line for humans, never the secret.
/// </summary>
internal static class Baseline
{
    public static string Serialize(IEnumerable<Finding> findings)
    {
        var entries = findings
            .GroupBy(f => f.Fingerprint)
            .Select(g => g.First())
            .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line)
            .Select(f => (JsonNode)new JsonObject
            {
                ["fingerprint"] = f.Fingerprint,
                ["ruleId"] = f.RuleId,
                ["file"] = f.Path,
                ["line"] = f.Line,
            })
            .ToArray();
        var document = new JsonObject
        {
            ["version"] = 1,
            ["tool"] = "strongroom-scan",
            ["findings"] = new JsonArray(entries),
        };
        return document.ToJsonString(FindingJson.Indented) + "\n";
    }

    /// <summary>The fingerprints in a baseline file; a malformed file is an error value.</summary>
    public static (HashSet<string>? Fingerprints, string? Error) Parse(string json)
    {
        try
        {
            var root = JsonNode.Parse(json);
            if (root?["findings"] is not JsonArray findings)
            {
                return (null, "baseline file has no \"findings\" array");
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in findings)
            {
                if (entry?["fingerprint"]?.GetValue<string>() is { } fingerprint)
                {
                    set.Add(fingerprint);
                }
            }

            return (set, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return (null, "baseline file is not valid JSON");
        }
    }
}
