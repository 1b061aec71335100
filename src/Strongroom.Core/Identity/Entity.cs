using System.Text.Json.Serialization;

namespace Strongroom.Core.Identity;

/// <summary>A "who": one person or workload, with aliases in each auth method it logs in through.</summary>
public sealed class Entity
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("policies")]
    public List<string> Policies { get; set; } = [];

    [JsonPropertyName("metadata")]
    public Dictionary<string, string> Metadata { get; set; } = [];

    [JsonPropertyName("aliases")]
    public List<EntityAlias> Aliases { get; set; } = [];

    [JsonPropertyName("disabled")]
    public bool Disabled { get; set; }

    [JsonPropertyName("creation_time")]
    public DateTimeOffset CreationTime { get; set; }

    [JsonPropertyName("last_update_time")]
    public DateTimeOffset LastUpdateTime { get; set; }
}
