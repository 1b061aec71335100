namespace Strongroom.Sdk;

/// <summary>
/// The one rule for storage keys, shared by every view: relative, '/'-separated, no "." or
/// ".." segments, no empty segments (except a trailing '/' on list prefixes), no control
/// characters or NUL.
/// </summary>
public static class StorageKey
{
    public static bool IsValid(string key, bool allowTrailingSlash = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return allowTrailingSlash;
        }

        if (key[0] == '/')
        {
            return false;
        }

        var body = allowTrailingSlash && key[^1] == '/' ? key[..^1] : key;
        if (body.Length == 0)
        {
            return false;
        }

        foreach (var c in body)
        {
            if (char.IsControl(c) || c == '\\')
            {
                return false;
            }
        }

        foreach (var segment in body.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> (without echoing the key) if invalid.</summary>
    public static void Validate(string key, bool allowTrailingSlash = false)
    {
        if (!IsValid(key, allowTrailingSlash))
        {
            throw new ArgumentException("invalid storage key: must be relative, without '..', empty segments or control characters", nameof(key));
        }
    }
}
