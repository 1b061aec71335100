namespace Strongroom.Auth.Common;

/// <summary>
/// Vault's glob matching (github.com/ryanuber/go-glob): '*' matches any run of characters,
/// anywhere in the pattern; there are no other wildcards. A lone "*" matches everything.
/// </summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        if (pattern == "*")
        {
            return true;
        }

        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        if (!value.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var index = value.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (index < 0)
            {
                return false;
            }

            position = index + parts[i].Length;
        }

        var last = parts[^1];
        return value.Length - position >= last.Length && value.EndsWith(last, StringComparison.Ordinal);
    }

    public static bool AnyMatch(IEnumerable<string> patterns, string value) => patterns.Any(p => IsMatch(p, value));
}
