namespace Strongroom.Audit;

/// <summary>Glob matching for paths and event kinds: '*' matches any run of characters (including '/'), '?' one character.</summary>
internal static class PathGlob
{
    public static bool Matches(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public static bool MatchesAny(IReadOnlyList<string> patterns, string text) =>
        patterns.Count == 0 || patterns.Any(p => Matches(p, text));
}
