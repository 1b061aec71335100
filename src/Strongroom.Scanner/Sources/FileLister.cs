using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Sources;

/// <summary>
/// The files of a directory scan, relative to the root with '/' separators. Inside a Git work tree the
/// list is Git's own (`git ls-files --cached --others --exclude-standard`, so .gitignore is honoured
/// exactly); elsewhere a walk that applies each directory's .gitignore (plain patterns, no negation).
/// With <c>respectGitIgnore: false</c> (`--no-git`) everything but `.git/` is listed.
/// </summary>
internal static class FileLister
{
    public static async Task<List<string>> ListAsync(string root, bool respectGitIgnore, CancellationToken cancellationToken)
    {
        if (respectGitIgnore && await GitProcess.WorkTreeRootAsync(root, cancellationToken).ConfigureAwait(false) is not null)
        {
            var (code, stdout, _) = await GitProcess.RunAsync(
                root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], cancellationToken).ConfigureAwait(false);
            if (code == 0)
            {
                return stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries)
                    .Where(p => File.Exists(Path.Combine(root, p)))
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToList();
            }
        }

        var files = new List<string>();
        Walk(root, string.Empty, respectGitIgnore ? [] : null, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void Walk(string root, string relative, List<(string Base, PathGlob Glob)>? ignores, List<string> into)
    {
        var directory = relative.Length == 0 ? root : Path.Combine(root, relative);
        if (ignores is not null)
        {
            var gitignore = Path.Combine(directory, ".gitignore");
            if (File.Exists(gitignore))
            {
                ignores = [.. ignores, .. File.ReadAllLines(gitignore)
                    .Select(l => l.Trim())
                    .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('!'))
                    .Select(l => (relative, PathGlob.Create(l)))];
            }
        }

        var options = new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options))
        {
            var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            if (entry.Name == ".git" || IsIgnored(path, entry is DirectoryInfo, ignores))
            {
                continue;
            }

            if (entry is DirectoryInfo)
            {
                Walk(root, path, ignores, into);
            }
            else
            {
                into.Add(path);
            }
        }
    }

    private static bool IsIgnored(string path, bool isDirectory, List<(string Base, PathGlob Glob)>? ignores)
    {
        if (ignores is null)
        {
            return false;
        }

        foreach (var (baseDir, glob) in ignores)
        {
            var local = baseDir.Length == 0 ? path : path[(baseDir.Length + 1)..];
            if (glob.IsMatch(isDirectory ? local + "/" : local) || glob.IsMatch(local))
            {
                return true;
            }
        }

        return false;
    }
}
