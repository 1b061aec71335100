namespace Strongroom.Engines.Kv;

/// <summary>Mount-wide KV v2 settings (the config endpoint).</summary>
internal sealed class KvV2Config
{
    public int MaxVersions { get; set; }

    public bool CasRequired { get; set; }

    /// <summary>Zero means versions are never deleted automatically (unless the key says so).</summary>
    public TimeSpan DeleteVersionAfter { get; set; }
}
