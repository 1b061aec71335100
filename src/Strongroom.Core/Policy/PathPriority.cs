namespace Strongroom.Core.Policy;

/// <summary>
/// A non-exact rule that matched a request path, ranked by Vault's priority rules (docs,
/// "Policy syntax"): for P1 vs P2, P1 is lower priority if (1) its first '+' or '*' occurs
/// earlier, (2) it ends in '*' and P2 does not, (3) it has more '+' segments, (4) it is shorter,
/// (5) it is smaller lexicographically. Greater compares as higher priority.
/// </summary>
internal sealed class PathPriority : IComparable<PathPriority>
{
    private PathPriority(string pattern, string wildcardPath, int firstWildcard, bool isPrefix, int wildcards)
    {
        Pattern = pattern;
        WildcardPath = wildcardPath;
        FirstWildcard = firstWildcard;
        IsPrefix = isPrefix;
        Wildcards = wildcards;
    }

    /// <summary>The rule's pattern as written, e.g. "secret/+/foo/*".</summary>
    public string Pattern { get; }

    /// <summary>The pattern without its trailing '*'.</summary>
    public string WildcardPath { get; }

    public int FirstWildcard { get; }

    public bool IsPrefix { get; }

    public int Wildcards { get; }

    /// <summary>A plain prefix rule "foo/bar*" (stored as "foo/bar").</summary>
    public static PathPriority ForPrefix(string prefix) => new(prefix + "*", prefix, prefix.Length, true, 0);

    /// <summary>Matches a '+' pattern against the request path's segments; null when it does not match.</summary>
    public static PathPriority? MatchSegments(string pattern, string[] pathParts)
    {
        var isPrefix = pattern.EndsWith('*');
        var wildcardPath = isPrefix ? pattern[..^1] : pattern;
        var ruleParts = wildcardPath.Split('/');
        if (pathParts.Length < ruleParts.Length || (!isPrefix && ruleParts.Length != pathParts.Length))
        {
            return null;
        }

        var wildcards = 0;
        for (var i = 0; i < ruleParts.Length; i++)
        {
            var part = ruleParts[i];
            if (part == "+")
            {
                wildcards++;
            }
            else if (part != pathParts[i]
                && !(isPrefix && i == ruleParts.Length - 1 && pathParts[i].StartsWith(part, StringComparison.Ordinal)))
            {
                return null;
            }
        }

        return new PathPriority(pattern, wildcardPath, pattern.IndexOf('+', StringComparison.Ordinal), isPrefix, wildcards);
    }

    public int CompareTo(PathPriority? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (FirstWildcard != other.FirstWildcard)
        {
            return FirstWildcard.CompareTo(other.FirstWildcard);
        }

        if (IsPrefix != other.IsPrefix)
        {
            return IsPrefix ? -1 : 1;
        }

        if (Wildcards != other.Wildcards)
        {
            return other.Wildcards.CompareTo(Wildcards);
        }

        if (WildcardPath.Length != other.WildcardPath.Length)
        {
            return WildcardPath.Length.CompareTo(other.WildcardPath.Length);
        }

        return string.CompareOrdinal(WildcardPath, other.WildcardPath);
    }
}
