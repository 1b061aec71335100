using System.Text.Json.Serialization;

namespace Strongroom.Core.Identity;

/// <summary>An entity's name within one auth mount (role id, username, subject, service account).</summary>
public sealed class EntityAlias
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("canonical_id")]
    public string CanonicalId { get; set; } = "";

    [JsonPropertyName("mount_accessor")]
    public string MountAccessor { get; set; } = "";

    [JsonPropertyName("mount_type")]
    public string MountType { get; set; } = "";

    [JsonPropertyName("mount_path")]
    public string MountPath { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("metadata")]
    public Dictionary<string, string> Metadata { get; set; } = [];

    [JsonPropertyName("creation_time")]
    public DateTimeOffset CreationTime { get; set; }
}
