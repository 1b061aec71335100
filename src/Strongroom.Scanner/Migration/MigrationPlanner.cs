using System.Text.RegularExpressions;
using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Migration;

/// <summary>
/// Chooses which findings `--migrate` moves (those in .env and config files of the working tree, not in
/// history, archives or code) and names their vault paths `&lt;mount&gt;/&lt;app&gt;/&lt;name&gt;#value`, the name
/// taken from the variable/key the value is assigned to.
/// </summary>
internal static partial class MigrationPlanner
{
    public const string Field = "value";

    private static readonly string[] ConfigExtensions =
        [".env", ".yaml", ".yml", ".json", ".toml", ".ini", ".cfg", ".conf", ".properties", ".tfvars"];

    public static bool IsConfigFile(string path)
    {
        var name = Sources.FileClassifier.FileName(path);
        return name.StartsWith(".env", StringComparison.OrdinalIgnoreCase)
            || ConfigExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    public static List<MigrationStep> Plan(IReadOnlyList<Finding> findings, string root, string app, string mount)
    {
        var steps = new List<MigrationStep>();
        var bySecret = new Dictionary<string, SecretReference>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var lines = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var finding in findings.Where(f => f.Commit is null && f.Layer is null && f.Detail is null
                     && !f.Path.Contains('!', StringComparison.Ordinal) && IsConfigFile(f.Path)))
        {
            if (!bySecret.TryGetValue(finding.Secret, out var reference))
            {
                if (!lines.TryGetValue(finding.Path, out var fileLines))
                {
                    lines[finding.Path] = fileLines = File.ReadAllLines(Path.Combine(root, finding.Path));
                }

                var line = finding.Line - 1 < fileLines.Length ? fileLines[finding.Line - 1] : string.Empty;
                var name = Unique(NameFor(line, finding), used);
                reference = new SecretReference(mount, $"{app}/{name}", Field);
                bySecret[finding.Secret] = reference;
            }

            steps.Add(new MigrationStep(finding, reference));
        }

        return steps;
    }

    /// <summary>The key left of the value on its line (`OPENAI_API_KEY=` → openai-api-key), else the rule id.</summary>
    public static string NameFor(string line, Finding finding)
    {
        var column = Math.Clamp(finding.Column - 1, 0, line.Length);
        var matches = Assignment().Matches(line[..column]);
        var key = matches.Count > 0 ? matches[^1].Groups[1].Value : finding.KeyName ?? finding.RuleId;
        var name = Sanitize().Replace(key.ToLowerInvariant().Replace('_', '-'), "-").Trim('-');
        return name.Length == 0 ? finding.RuleId : name;
    }

    private static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = $"{name}-{i}";
        }

        return candidate;
    }

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_.\-]*)[""']?\s*(?:=|:)")]
    private static partial Regex Assignment();

    [GeneratedRegex("[^a-z0-9.-]+")]
    private static partial Regex Sanitize();
}
