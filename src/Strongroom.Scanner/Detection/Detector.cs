using System.Text.RegularExpressions;

namespace Strongroom.Scanner.Detection;

/// <summary>
/// The detection engine. A vectorised multi-string search finds rule keywords; only the line around a hit
/// (a bounded window for multi-line rules) is given to the rules owning that keyword. Candidates then pass
/// entropy, format validation, placeholder and allowlist checks, and overlapping matches keep the most
/// specific rule. Thread-safe: one instance serves all scanning threads.
/// </summary>
internal sealed class Detector
{
    public const string AllowMarker = "strongroom:allow";
    private const int MaxLineWindow = 8192;
    private const int MultilineWindow = 64 * 1024;

    private readonly RuleSet _rules;
    private readonly Dictionary<ScanRule, int> _priority;

    public Detector(RuleSet rules)
    {
        _rules = rules;
        _priority = rules.Rules.Select((r, i) => (r, i + (r.Generic ? 100_000 : 0))).ToDictionary(x => x.r, x => x.Item2);
    }

    public RuleSet Rules => _rules;

    public List<Finding> Scan(ScanTarget target)
    {
        var text = target.Text;
        var candidates = new List<Candidate>();
        var evaluated = new HashSet<(ScanRule, int)>();
        var hitRules = new List<ScanRule>();
        var span = text.AsSpan();
        ScanKeywords(target, span, _rules.SensitiveKeywords, caseSensitive: true, candidates, evaluated, hitRules);
        ScanKeywords(target, span, _rules.InsensitiveKeywords, caseSensitive: false, candidates, evaluated, hitRules);
        return Resolve(target, candidates);
    }

    private void ScanKeywords(
        ScanTarget target, ReadOnlySpan<char> span, System.Buffers.SearchValues<string> keywords, bool caseSensitive,
        List<Candidate> candidates, HashSet<(ScanRule, int)> evaluated, List<ScanRule> hitRules)
    {
        var text = target.Text;
        var position = 0;
        while (position < span.Length)
        {
            var offset = span[position..].IndexOfAny(keywords);
            if (offset < 0)
            {
                break;
            }

            var hit = position + offset;
            hitRules.Clear();
            _rules.RulesAt(span, hit, caseSensitive, hitRules);
            var lineStart = hit == 0 ? 0 : text.LastIndexOf('\n', hit - 1) + 1;
            var lineEnd = text.IndexOf('\n', hit);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd;
            foreach (var rule in hitRules)
            {
                if (rule.Generic && target.SkipGenericRules)
                {
                    continue;
                }

                var (start, end) = Window(rule, hit, lineStart, lineEnd, text.Length);
                if (evaluated.Add((rule, start)))
                {
                    Evaluate(rule, text, start, end, candidates);
                }
            }

            position = hit + 1;
        }
    }

    private static (int Start, int End) Window(ScanRule rule, int hit, int lineStart, int lineEnd, int length)
    {
        if (rule.Multiline)
        {
            return (lineStart, Math.Min(length, lineStart + MultilineWindow));
        }

        if (lineEnd - lineStart <= MaxLineWindow)
        {
            return (lineStart, lineEnd);
        }

        // Very long line (minified code, JSON on one line): look around the keyword only.
        var start = Math.Max(lineStart, hit - 1024);
        return (start, Math.Min(lineEnd, hit + 4096));
    }

    private void Evaluate(ScanRule rule, string text, int start, int end, List<Candidate> into)
    {
        Match match;
        try
        {
            match = rule.Regex.Match(text, start, end - start);
        }
        catch (RegexMatchTimeoutException)
        {
            return;
        }

        for (; match.Success; match = match.NextMatch())
        {
            var group = SecretGroup(rule, match);
            if (group is null || group.Length == 0)
            {
                continue;
            }

            var secret = group.Value;
            var keyName = rule.Generic && match.Groups.Count > 2 ? match.Groups[1].Value : null;
            if (!Accept(rule, text, group.Index, secret, keyName, match))
            {
                continue;
            }

            into.Add(new Candidate(rule, group.Index, secret, keyName));
        }
    }

    private static Group? SecretGroup(ScanRule rule, Match match)
    {
        if (rule.SecretGroup is { } index)
        {
            return index < match.Groups.Count && match.Groups[index].Success ? match.Groups[index] : null;
        }

        for (var i = 1; i < match.Groups.Count; i++)
        {
            if (match.Groups[i].Success)
            {
                return match.Groups[i];
            }
        }

        return match.Groups[0];
    }

    private bool Accept(ScanRule rule, string text, int index, string secret, string? keyName, Match match)
    {
        var entropy = Entropy.Shannon(secret);
        var threshold = rule.MinEntropy ?? (rule.Generic ? Entropy.GenericThreshold(secret) : 0);
        if (entropy < threshold)
        {
            return false;
        }

        switch (rule.Validation)
        {
            case SecretValidation.GitHubChecksum when !GitHubTokenChecksum.IsValid(secret):
            case SecretValidation.Jwt when !JwtShape.IsValid(secret):
                return false;
        }

        if (FalsePositiveFilter.IsPlaceholder(secret) || FalsePositiveFilter.IsAllowed(_rules, secret)
            || FalsePositiveFilter.IsInsideInlineData(text, index))
        {
            return false;
        }

        if (rule.Generic && FalsePositiveFilter.IsUnlikelyGenericSecret(keyName ?? string.Empty, secret))
        {
            return false;
        }

        // URL credentials: "postgres:postgres@" style defaults are not leaks.
        if (match.Groups["user"] is { Success: true } user && FalsePositiveFilter.IsDefaultCredential(user.Value, secret))
        {
            return false;
        }

        return !LineHasAllowMarker(text, index);
    }

    private static bool LineHasAllowMarker(string text, int index)
    {
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        var lineEnd = text.IndexOf('\n', index);
        lineEnd = lineEnd < 0 ? text.Length : lineEnd;
        return text.AsSpan(lineStart, lineEnd - lineStart).Contains(AllowMarker, StringComparison.OrdinalIgnoreCase);
    }

    private List<Finding> Resolve(ScanTarget target, List<Candidate> candidates)
    {
        var kept = new List<Candidate>();
        foreach (var candidate in candidates.OrderBy(c => _priority[c.Rule]).ThenBy(c => c.Index))
        {
            var overlaps = kept.Exists(k => k.Index < candidate.Index + candidate.Secret.Length
                && candidate.Index < k.Index + k.Secret.Length);
            if (!overlaps)
            {
                kept.Add(candidate);
            }
        }

        var text = target.Text.AsSpan();
        var findings = new List<Finding>(kept.Count);
        foreach (var c in kept.OrderBy(c => c.Index))
        {
            var lineIndex = text[..c.Index].Count('\n');
            var lineStart = c.Index == 0 ? 0 : target.Text.LastIndexOf('\n', c.Index - 1) + 1;
            var line = target.FixedLine
                ?? (target.LineNumbers is { } map && lineIndex < map.Count ? map[lineIndex] : lineIndex + 1);
            findings.Add(new Finding
            {
                RuleId = c.Rule.Id,
                Description = c.Rule.Description,
                Severity = c.Rule.Severity,
                Path = target.Path,
                Line = line,
                Column = target.FixedLine is null ? c.Index - lineStart + 1 : 1,
                Secret = c.Secret,
                KeyName = c.KeyName,
                Commit = target.Commit,
                Layer = target.Layer,
                Detail = target.Detail,
                Entropy = Math.Round(Entropy.Shannon(c.Secret), 2),
            });
        }

        return findings;
    }

    private sealed record Candidate(ScanRule Rule, int Index, string Secret, string? KeyName)
    {
        public override string ToString() => Rule.Id;
    }
}
