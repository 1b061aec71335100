namespace Strongroom.Core.Pipeline;

/// <summary>Path validation and the fixed path sets of the pipeline.</summary>
public static class RequestPaths
{
    /// <summary>Paths answered while sealed and without a token.</summary>
    private static readonly string[] SealedAllowed =
    [
        "sys/health", "sys/seal-status", "sys/init", "sys/unseal", "sys/leader",
    ];

    /// <summary>sys paths callable without a token when unsealed.</summary>
    private static readonly string[] Unauthenticated =
    [
        "sys/health", "sys/seal-status", "sys/init", "sys/unseal", "sys/leader",
        "sys/wrapping/lookup", "sys/wrapping/unwrap", "sys/wrapping/rewrap",
    ];

    /// <summary>Paths that need "sudo" in addition to the operation's capability (Vault's root-protected paths).</summary>
    private static readonly string[] SudoPrefixes =
    [
        "sys/audit", "sys/rotate", "sys/seal", "sys/raw", "sys/revoke-prefix/", "sys/revoke-force/",
        "sys/leases/revoke-prefix/", "sys/leases/revoke-force/", "sys/leases/lookup/", "auth/token/accessors", "auth/token/revoke-orphan",
        "sys/config/", "sys/step-down", "sys/alerts", "sys/storage/",
    ];

    /// <summary>
    /// True when the path is acceptable: printable, no NUL/control characters, no "." or ".."
    /// segments, no empty interior segments ("a//b"). A single trailing '/' is allowed.
    /// </summary>
    public static bool IsValid(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path.Length > 4096 || path[0] == '/')
        {
            return false;
        }

        foreach (var c in path)
        {
            if (char.IsControl(c) || c == '\\')
            {
                return false;
            }
        }

        var body = path.EndsWith('/') ? path[..^1] : path;
        foreach (var segment in body.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Paths that need a valid token but no ACL grant (the backend filters what it reveals).</summary>
    public static bool IsTokenOnly(string path) =>
        path.StartsWith("sys/internal/ui/mounts", StringComparison.Ordinal);

    public static bool IsSealedAllowed(string path) => SealedAllowed.Contains(path.TrimEnd('/'), StringComparer.Ordinal);

    public static bool IsUnauthenticated(string path) => Unauthenticated.Contains(path.TrimEnd('/'), StringComparer.Ordinal);

    public static bool NeedsSudo(string path, Sdk.Operation operation)
    {
        if (path.StartsWith("sys/audit-hash", StringComparison.Ordinal))
        {
            return false;
        }

        if (path.StartsWith("sys/auth/", StringComparison.Ordinal) && operation is not Sdk.Operation.Read and not Sdk.Operation.List)
        {
            return !path.Contains("/tune", StringComparison.Ordinal);
        }

        return SudoPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal) || path == p.TrimEnd('/'));
    }

    /// <summary>Matches a Vault-style glob: exact, or prefix when the pattern ends with '*'.</summary>
    public static bool GlobMatch(string pattern, string path)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        return pattern.EndsWith('*')
            ? path.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, path, StringComparison.Ordinal);
    }
}
