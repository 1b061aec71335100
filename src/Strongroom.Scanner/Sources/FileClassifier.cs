namespace Strongroom.Scanner.Sources;

/// <summary>What a file's name and first bytes say about how to scan it.</summary>
internal static class FileClassifier
{
    private static readonly HashSet<string> LockFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "Cargo.lock",
        "poetry.lock", "Pipfile.lock", "uv.lock", "composer.lock", "Gemfile.lock", "go.sum", "packages.lock.json",
        "flake.lock", "mix.lock", "pubspec.lock", "Podfile.lock", "gradle.lockfile", "conda-lock.yml",
    };

    public static bool IsLockFile(string path) => LockFiles.Contains(FileName(path));

    /// <summary>Minified bundles and source maps: identifiers look random there, so generic rules are off.</summary>
    public static bool IsMinified(string path, string text)
    {
        var name = FileName(path);
        if (name.EndsWith(".min.js", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".min.css", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".min.mjs", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".map", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var code = name.EndsWith(".js", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".cjs", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".css", StringComparison.OrdinalIgnoreCase);
        if (!code || text.Length < 2000)
        {
            return false;
        }

        var lines = text.AsSpan().Count('\n') + 1;
        return text.Length / lines > 500;
    }

    public static ContentKind Sniff(ReadOnlySpan<byte> content)
    {
        if (content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4)
        {
            return ContentKind.Zip;
        }

        if (content.Length >= 2 && content[0] == 0x1f && content[1] == 0x8b)
        {
            return ContentKind.Gzip;
        }

        if (content.Length >= 4 && content[0] == 0x28 && content[1] == 0xb5 && content[2] == 0x2f && content[3] == 0xfd)
        {
            return ContentKind.Zstd;
        }

        if (content.Length >= 262 && content.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return ContentKind.Tar;
        }

        var head = content[..Math.Min(content.Length, 8000)];
        return head.Contains((byte)0) ? ContentKind.Binary : ContentKind.Text;
    }

    public static string FileName(string path)
    {
        var cut = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('!'));
        return cut < 0 ? path : path[(cut + 1)..];
    }
}
