namespace Strongroom.Engines.Kv;

/// <summary>
/// The metadata entry of one KV v2 key: its version map and per-key settings. It is the source of
/// truth for which versions exist; version data entries only hold the secret payload.
/// </summary>
internal sealed class KeyMetadata
{
    /// <summary>Vault keeps this many versions when neither the key nor the mount says otherwise.</summary>
    public const int DefaultMaxVersions = 10;

    public long CurrentVersion { get; set; }

    public long OldestVersion { get; set; }

    public DateTimeOffset? CreatedTime { get; set; }

    public DateTimeOffset? UpdatedTime { get; set; }

    public int MaxVersions { get; set; }

    public bool CasRequired { get; set; }

    public TimeSpan DeleteVersionAfter { get; set; }

    public Dictionary<string, string>? CustomMetadata { get; set; }

    public SortedDictionary<long, VersionMetadata> Versions { get; init; } = [];

    /// <summary>The metadata of <paramref name="version"/>, or null when it never existed or was pruned.</summary>
    public VersionMetadata? Find(long version) => Versions.GetValueOrDefault(version);

    /// <summary>
    /// The scheduled deletion time of a version created at <paramref name="created"/>: creation plus
    /// the smaller non-zero of the mount's and the key's delete_version_after; null when both are zero.
    /// </summary>
    public DateTimeOffset? DeletionTimeFor(DateTimeOffset created, TimeSpan mountDeleteVersionAfter)
    {
        var key = DeleteVersionAfter;
        var mount = mountDeleteVersionAfter;
        if (key <= TimeSpan.Zero && mount <= TimeSpan.Zero)
        {
            return null;
        }

        var after = key <= TimeSpan.Zero ? mount : mount <= TimeSpan.Zero ? key : TimeSpan.FromTicks(Math.Min(key.Ticks, mount.Ticks));
        return created + after;
    }

    /// <summary>
    /// Appends a new current version and slides the window of kept versions. Returns the new
    /// version's metadata and the version numbers dropped from the map, whose data must be deleted.
    /// </summary>
    public (VersionMetadata Added, IReadOnlyList<long> Pruned) AddVersion(DateTimeOffset created, DateTimeOffset? deletion, int mountMaxVersions)
    {
        var added = new VersionMetadata { CreatedTime = created, DeletionTime = deletion };
        CurrentVersion++;
        Versions[CurrentVersion] = added;
        UpdatedTime = created;
        CreatedTime ??= created;

        var keep = MaxVersions > 0 ? MaxVersions : mountMaxVersions > 0 ? mountMaxVersions : DefaultMaxVersions;
        if (CurrentVersion - OldestVersion < keep)
        {
            return (added, []);
        }

        var lastToDrop = CurrentVersion - keep;
        var pruned = new List<long>();
        foreach (var number in Versions.Keys.Where(n => n <= lastToDrop).ToList())
        {
            Versions.Remove(number);
            pruned.Add(number);
        }

        OldestVersion = lastToDrop + 1;
        return (added, pruned);
    }
}
