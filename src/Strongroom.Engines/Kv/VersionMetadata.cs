namespace Strongroom.Engines.Kv;

/// <summary>What the key metadata records about one version of a KV v2 secret.</summary>
internal sealed class VersionMetadata
{
    public DateTimeOffset CreatedTime { get; set; }

    /// <summary>When the version was (or is scheduled to be) soft-deleted; null when never.</summary>
    public DateTimeOffset? DeletionTime { get; set; }

    public bool Destroyed { get; set; }

    /// <summary>Deleted like Vault decides it: the deletion time lies strictly in the past.</summary>
    public bool IsDeleted(DateTimeOffset now) => DeletionTime is { } deletion && deletion <= now;

    /// <summary>Neither soft-deleted (now) nor destroyed: its data may be returned.</summary>
    public bool IsLive(DateTimeOffset now) => !Destroyed && !IsDeleted(now);
}
