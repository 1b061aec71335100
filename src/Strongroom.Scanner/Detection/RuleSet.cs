using System.Buffers;
using System.Text.RegularExpressions;

namespace Strongroom.Scanner.Detection;

/// <summary>The compiled rules plus everything that decides what is not reported (examples, allowlists).</summary>
internal sealed class RuleSet
{
    private readonly Dictionary<char, (string Keyword, ScanRule[] Rules)[]> _byFirstChar;
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

        var byKeyword = new Dictionary<string, List<ScanRule>>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            foreach (var keyword in rule.Keywords)
            {
                if (!byKeyword.TryGetValue(keyword, out var list))
                {
                    byKeyword[keyword] = list = [];
                }

                list.Add(rule);
            }
        }

        Keywords = SearchValues.Create(byKeyword.Keys.ToArray(), StringComparison.OrdinalIgnoreCase);
        _byFirstChar = byKeyword
            .GroupBy(kv => char.ToLowerInvariant(kv.Key[0]))
            .ToDictionary(g => g.Key, g => g.Select(kv => (kv.Key, kv.Value.ToArray())).ToArray());
    }

    public IReadOnlyList<ScanRule> Rules { get; }

    /// <summary>All keywords of all rules: the literal prefilter.</summary>
    public SearchValues<string> Keywords { get; }

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
    public void RulesAt(ReadOnlySpan<char> text, int position, List<ScanRule> into)
    {
        if (!_byFirstChar.TryGetValue(char.ToLowerInvariant(text[position]), out var candidates))
        {
            return;
        }

        var rest = text[position..];
        foreach (var (keyword, rules) in candidates)
        {
            if (rest.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
            {
                into.AddRange(rules);
            }
        }
    }
}
