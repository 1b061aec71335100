using System.Buffers;
using System.Text.RegularExpressions;

namespace Strongroom.Scanner.Detection;

/// <summary>The compiled rules plus everything that decides what is not reported (examples, allowlists).</summary>
internal sealed class RuleSet
{
    private readonly Dictionary<char, (string Keyword, ScanRule[] Rules)[]> _sensitive;
    private readonly Dictionary<char, (string Keyword, ScanRule[] Rules)[]> _insensitive;
    private readonly HashSet<string> _examples;

    public RuleSet(
        IReadOnlyList<ScanRule> rules,
        IEnumerable<string> examples,
        IReadOnlyList<PathGlob> allowedPaths,
        IReadOnlyList<Regex> allowedSecrets,
        IReadOnlyList<string> stopwords)
    {
        Rules = rules;
        AllowedPaths = allowedPaths;
        AllowedSecrets = allowedSecrets;
        Stopwords = stopwords;
        _examples = new HashSet<string>(examples, StringComparer.Ordinal);

        // Keywords of case-sensitive rules are searched case-sensitively: two smaller multi-string searches are
        // much faster than one case-insensitive search over every keyword.
        var sensitive = new Dictionary<string, List<ScanRule>>(StringComparer.Ordinal);
        var insensitive = new Dictionary<string, List<ScanRule>>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            var target = rule.Regex.ToString().Contains("(?i", StringComparison.Ordinal) ? insensitive : sensitive;
            foreach (var keyword in rule.Keywords)
            {
                if (!target.TryGetValue(keyword, out var list))
                {
                    target[keyword] = list = [];
                }

                list.Add(rule);
            }
        }

        SensitiveKeywords = SearchValues.Create(sensitive.Keys.ToArray(), StringComparison.Ordinal);
        InsensitiveKeywords = SearchValues.Create(insensitive.Keys.ToArray(), StringComparison.OrdinalIgnoreCase);
        _sensitive = Index(sensitive);
        _insensitive = Index(insensitive);
    }

    public IReadOnlyList<ScanRule> Rules { get; }

    /// <summary>Keywords of case-sensitive rules (the literal prefilter, part 1).</summary>
    public SearchValues<string> SensitiveKeywords { get; }

    /// <summary>Keywords of rules whose regex ignores case (the literal prefilter, part 2).</summary>
    public SearchValues<string> InsensitiveKeywords { get; }

    public IReadOnlyList<PathGlob> AllowedPaths { get; }

    public IReadOnlyList<Regex> AllowedSecrets { get; }

    public IReadOnlyList<string> Stopwords { get; }

    public bool IsExample(string secret) => _examples.Contains(secret);

    public bool IsPathAllowed(string relativePath)
    {
        foreach (var glob in AllowedPaths)
        {
            if (glob.IsMatch(relativePath))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds to <paramref name="into"/> the rules whose keyword starts at <paramref name="position"/>.</summary>
    public void RulesAt(ReadOnlySpan<char> text, int position, bool caseSensitive, List<ScanRule> into)
    {
        var table = caseSensitive ? _sensitive : _insensitive;
        var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (!table.TryGetValue(char.ToLowerInvariant(text[position]), out var candidates))
        {
            return;
        }

        var rest = text[position..];
        foreach (var (keyword, rules) in candidates)
        {
            if (rest.StartsWith(keyword, comparison))
            {
                into.AddRange(rules);
            }
        }
    }

    private static Dictionary<char, (string Keyword, ScanRule[] Rules)[]> Index(Dictionary<string, List<ScanRule>> byKeyword) =>
        byKeyword
            .GroupBy(kv => char.ToLowerInvariant(kv.Key[0]))
            .ToDictionary(g => g.Key, g => g.Select(kv => (kv.Key, kv.Value.ToArray())).ToArray());
}
