using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Strongroom.Scanner.Detection;

/// <summary>
/// Builds a <see cref="RuleSet"/> from the embedded default rules and the user's layers
/// (`--rules FILE`, then the repository's `.strongroom-scan.yaml`). Later layers win per rule id.
/// </summary>
internal static class RuleLoader
{
    private const string DefaultResource = "Strongroom.Scanner.default-rules.yaml";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The embedded rules file as text.</summary>
    public static string DefaultRulesYaml()
    {
        using var stream = typeof(RuleLoader).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException("default rules resource missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static RuleSet LoadDefault()
    {
        var result = Load([]);
        return result.RuleSet ?? throw new InvalidOperationException("built-in rules are invalid: " + result.Error);
    }

    /// <summary>Parses a YAML rules/config document; the error is a value (the user's file may be wrong).</summary>
    public static (RulesDocument? Document, string? Error) Parse(string yaml, string source)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        try
        {
            return (deserializer.Deserialize<RulesDocument>(yaml) ?? new RulesDocument(), null);
        }
        catch (YamlException ex)
        {
            return (null, $"{source}: invalid YAML at line {ex.Start.Line}: {ex.Message}");
        }
    }

    /// <summary>Default rules overlaid by each (source name, YAML text) layer in order.</summary>
    public static (RuleSet? RuleSet, string? Error) Load(IReadOnlyList<(string Source, string Yaml)> layers)
    {
        var documents = new List<(string Source, RulesDocument Document)>();
        foreach (var (source, yaml) in layers.Prepend(("built-in rules", DefaultRulesYaml())))
        {
            var (document, error) = Parse(yaml, source);
            if (document is null)
            {
                return (null, error);
            }

            documents.Add((source, document));
        }

        var rules = new Dictionary<string, ScanRule>(StringComparer.Ordinal);
        var order = new List<string>();
        var examples = new List<string>();
        var paths = new List<PathGlob>();
        var secrets = new List<Regex>();
        var stopwords = new List<string>();
        foreach (var (source, document) in documents)
        {
            if (document.ExtendDefault == false)
            {
                rules.Clear();
                order.Clear();
            }

            foreach (var definition in document.Rules ?? [])
            {
                var (rule, error) = Compile(definition, source);
                if (rule is null)
                {
                    return (null, error);
                }

                if (!rules.ContainsKey(rule.Id))
                {
                    order.Add(rule.Id);
                }

                rules[rule.Id] = rule;
            }

            foreach (var id in document.Disable ?? [])
            {
                rules.Remove(id);
            }

            examples.AddRange(document.Examples ?? []);
            paths.AddRange((document.Allow?.Paths ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(PathGlob.Create));
            stopwords.AddRange((document.Allow?.Stopwords ?? []).Where(s => !string.IsNullOrEmpty(s)));
            foreach (var pattern in document.Allow?.Regexes ?? [])
            {
                var regex = TryRegex(pattern);
                if (regex is null)
                {
                    return (null, $"{source}: allow.regexes entry is not a valid regex: {pattern}");
                }

                secrets.Add(regex);
            }
        }

        var ordered = order.Where(rules.ContainsKey).Select(id => rules[id]).ToList();
        return (new RuleSet(ordered, examples, paths, secrets, stopwords), null);
    }

    private static (ScanRule? Rule, string? Error) Compile(RuleDefinition d, string source)
    {
        if (string.IsNullOrWhiteSpace(d.Id))
        {
            return (null, $"{source}: a rule has no id");
        }

        if (string.IsNullOrEmpty(d.Regex) || TryRegex(d.Regex) is not { } regex)
        {
            return (null, $"{source}: rule {d.Id} has a missing or invalid regex");
        }

        var keywords = (d.Keywords ?? []).Where(k => !string.IsNullOrEmpty(k)).ToList();
        if (keywords.Count == 0)
        {
            return (null, $"{source}: rule {d.Id} needs at least one keyword (the literal prefilter)");
        }

        var validation = d.Validate switch
        {
            null or "" or "none" => SecretValidation.None,
            "github-checksum" => SecretValidation.GitHubChecksum,
            "jwt" => SecretValidation.Jwt,
            _ => (SecretValidation?)null,
        };
        if (validation is null)
        {
            return (null, $"{source}: rule {d.Id} has an unknown validate value '{d.Validate}'");
        }

        return (new ScanRule(
            d.Id,
            d.Description ?? d.Id,
            keywords,
            regex,
            d.SecretGroup,
            d.Entropy,
            d.Generic,
            d.Multiline,
            validation.Value,
            d.Severity ?? "medium"), null);
    }

    private static Regex? TryRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
