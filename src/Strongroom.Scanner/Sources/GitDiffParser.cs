using System.Globalization;
using System.Text;
using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Sources;

/// <summary>
/// Turns unified diff output (`git log -p -U0` / `git diff --cached -U0`) into one <see cref="ScanTarget"/> per
/// commit and file holding only the added lines, with their line numbers in the new file. Secrets that were
/// added and later deleted are found in the commit that added them. Commits are introduced by
/// <see cref="CommitMarker"/> lines (from `--format`).
/// </summary>
internal sealed class GitDiffParser
{
    public const string CommitMarker = "\u001ecommit:";

    private readonly List<ScanTarget> _targets = [];
    private readonly StringBuilder _text = new();
    private readonly List<int> _lines = [];
    private string? _commit;
    private string? _path;
    private int _nextLine;

    public IReadOnlyList<ScanTarget> Targets => _targets;

    public void Feed(string line)
    {
        if (line.StartsWith(CommitMarker, StringComparison.Ordinal))
        {
            Flush();
            _commit = line[CommitMarker.Length..].Trim();
            _path = null;
        }
        else if (line.StartsWith("diff --git ", StringComparison.Ordinal))
        {
            Flush();
            _path = null;
        }
        else if (line.StartsWith("+++ ", StringComparison.Ordinal))
        {
            var path = line[4..];
            _path = path == "/dev/null" ? null : path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path;
        }
        else if (line.StartsWith("@@ ", StringComparison.Ordinal))
        {
            _nextLine = NewStart(line);
        }
        else if (_path is not null && line.Length > 0 && line[0] == '+')
        {
            _text.Append(line, 1, line.Length - 1).Append('\n');
            _lines.Add(_nextLine++);
        }
        else if (line.Length > 0 && line[0] == ' ')
        {
            _nextLine++;
        }
    }

    public void Complete() => Flush();

    private void Flush()
    {
        if (_path is not null && _text.Length > 0)
        {
            var text = _text.ToString();
            _targets.Add(new ScanTarget(_path, text)
            {
                Commit = _commit,
                LineNumbers = _lines.ToArray(),
                SkipGenericRules = FileClassifier.IsMinified(_path, text),
            });
        }

        _text.Clear();
        _lines.Clear();
    }

    /// <summary>"@@ -a,b +c,d @@" → c.</summary>
    private static int NewStart(string header)
    {
        var plus = header.IndexOf(" +", StringComparison.Ordinal);
        if (plus < 0)
        {
            return 1;
        }

        var start = plus + 2;
        var end = start;
        while (end < header.Length && char.IsAsciiDigit(header[end]))
        {
            end++;
        }

        return int.TryParse(header.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
    }
}
