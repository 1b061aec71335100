namespace Strongroom.Engines.Ai;

/// <summary>Case-sensitive globs with '*' (any run of characters) and '?' (one character), e.g. "gpt-4o*".</summary>
internal static class ModelGlob
{
    public static bool AnyMatch(IEnumerable<string> patterns, string value) => patterns.Any(p => Matches(p, value));

    public static bool Matches(string pattern, string value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
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
}
