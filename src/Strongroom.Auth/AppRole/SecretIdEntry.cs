namespace Strongroom.Auth.AppRole;

/// <summary>
/// A secret ID's properties, stored under "secret-id/&lt;role&gt;/&lt;hmac(secret id)&gt;". The secret ID
/// itself is never stored.
/// </summary>
internal sealed class SecretIdEntry
{
    public string Accessor { get; set; } = "";

    public Dictionary<string, string> Metadata { get; set; } = [];

    public List<string> CidrList { get; set; } = [];

    public List<string> TokenBoundCidrs { get; set; } = [];

    /// <summary>Remaining uses; 0 means unlimited.</summary>
    public int NumUses { get; set; }

    public TimeSpan Ttl { get; set; }

    public DateTimeOffset CreationTime { get; set; }

    /// <summary>When it stops working; <see cref="DateTimeOffset.MinValue"/> for never.</summary>
    public DateTimeOffset ExpirationTime { get; set; }

    public DateTimeOffset LastUpdatedTime { get; set; }

    public bool IsExpired(DateTimeOffset now) => ExpirationTime != DateTimeOffset.MinValue && now >= ExpirationTime;
}
