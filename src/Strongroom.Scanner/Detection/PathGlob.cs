using System.Text;
using System.Text.RegularExpressions;

namespace Strongroom.Scanner.Detection;

/// <summary>
/// A gitignore-style glob over '/'-separated relative paths: `*` (within a segment), `**` (any depth), `?`.
/// A pattern without '/' matches the file name at any depth; a trailing '/' matches everything under a directory.
/// </summary>
internal sealed class PathGlob
{
    private readonly Regex _regex;

    private PathGlob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    public static PathGlob Create(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var p = pattern.Trim().Replace('\\', '/');
        var directory = p.EndsWith('/');
        if (directory)
        {
            p = p.TrimEnd('/');
        }

        var anchored = p.Contains('/', StringComparison.Ordinal);
        p = p.TrimStart('/');
        var sb = new StringBuilder("^");
        if (!anchored)
        {
            sb.Append("(?:.*/)?");
        }

        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                var slash = i + 2 < p.Length && p[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        // A match on a directory covers everything below it.
        sb.Append(directory ? "/.*$" : "(?:/.*)?$");
        return new PathGlob(pattern, new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled));
    }

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath.Replace('\\', '/'));

    public override string ToString() => Pattern;
}
