using System.Text.Json.Serialization;

namespace Strongroom.Core.Auditing;

/// <summary>An enabled audit device as persisted behind the barrier (no salt or key here).</summary>
public sealed class AuditDeviceConfig
{
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonPropertyName("description")]
    public string Description { get; set; } = "";

    [JsonPropertyName("options")]
    public Dictionary<string, string> Options { get; set; } = [];

    [JsonPropertyName("local")]
    public bool Local { get; set; }
}
