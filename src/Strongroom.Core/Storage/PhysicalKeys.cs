namespace Strongroom.Core.Storage;

/// <summary>Key rules shared by the physical backends: validation and list semantics.</summary>
public static class PhysicalKeys
{
    public static void ValidateKey(string key) => Sdk.StorageKey.Validate(key);

    /// <summary>Validates every key of a batch before any write is applied.</summary>
    public static void ValidateBatch(IReadOnlyList<PhysicalWrite> writes)
    {
        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write);
            ValidateKey(write.Key);
        }
    }

    public static void ValidateListPrefix(string prefix)
    {
        Sdk.StorageKey.Validate(prefix, allowTrailingSlash: true);
        if (prefix.Length > 0 && prefix[^1] != '/')
        {
            throw new ArgumentException("list prefix must be empty or end with '/'", nameof(prefix));
        }
    }

    /// <summary>
    /// Exclusive upper bound of the ordinal range holding every key that starts with
    /// <paramref name="prefix"/> (which ends with '/': "a/" -> "a0"), or null for "" (no bound).
    /// </summary>
    public static string? RangeEnd(string prefix) => prefix.Length == 0 ? null : string.Concat(prefix.AsSpan(0, prefix.Length - 1), "0");

    /// <summary>
    /// Folds keys under <paramref name="prefix"/> into its immediate children: leaf names, and
    /// folder names once with a trailing '/'; sorted ordinally.
    /// </summary>
    public static IReadOnlyList<string> ImmediateChildren(string prefix, IEnumerable<string> keys)
    {
        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Length == prefix.Length)
            {
                continue;
            }

            var slash = key.IndexOf('/', prefix.Length);
            children.Add(slash < 0 ? key[prefix.Length..] : key[prefix.Length..(slash + 1)]);
        }

        return [.. children];
    }
}
