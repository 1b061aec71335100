namespace Strongroom.Cli.Kv;

/// <summary>Path arithmetic of the kv commands (Vault's addPrefixToKVPath).</summary>
internal static class KvPaths
{
    /// <summary>
    /// Inserts the kv v2 API prefix after the mount: ("secret/foo/bar", "secret/", "data") → "secret/data/foo/bar".
    /// </summary>
    public static string AddPrefix(string path, string mountPath, string apiPrefix)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mountPath);
        var trimmedMount = mountPath.TrimEnd('/');
        path = path.Trim('/');
        if (path == trimmedMount)
        {
            return Join(trimmedMount, apiPrefix);
        }

        var suffix = trimmedMount.Length == 0
            ? path
            : path.StartsWith(trimmedMount + "/", StringComparison.Ordinal) ? path[(trimmedMount.Length + 1)..] : path;
        return Join(trimmedMount, apiPrefix, suffix);
    }

    /// <summary>The full logical path from a -mount flag value and a key, or just the path when there is no -mount.</summary>
    public static string Combine(string? mountFlag, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return string.IsNullOrEmpty(mountFlag) ? key.Trim('/') : Join(mountFlag.Trim('/'), key.Trim('/'));
    }

    /// <summary>The API path for a kv operation: v2 gets the prefix, v1 uses the logical path as is.</summary>
    public static string ApiPath(KvMount mount, string path, string apiPrefix)
    {
        ArgumentNullException.ThrowIfNull(mount);
        return mount.IsV2 ? AddPrefix(path, mount.MountPath, apiPrefix) : path.Trim('/');
    }

    private static string Join(params string[] parts) =>
        string.Join('/', parts.Select(p => p.Trim('/')).Where(p => p.Length > 0));
}
