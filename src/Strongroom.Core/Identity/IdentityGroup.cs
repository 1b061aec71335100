using System.Text.Json.Serialization;

namespace Strongroom.Core.Identity;

/// <summary>An internal group: its policies are added to the tokens of its member entities.</summary>
public sealed class IdentityGroup
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("type")]
    public string Type { get; set; } = "internal";

    [JsonPropertyName("policies")]
    public List<string> Policies { get; set; } = [];

    [JsonPropertyName("member_entity_ids")]
    public List<string> MemberEntityIds { get; set; } = [];

    [JsonPropertyName("metadata")]
    public Dictionary<string, string> Metadata { get; set; } = [];

    [JsonPropertyName("creation_time")]
    public DateTimeOffset CreationTime { get; set; }

    [JsonPropertyName("last_update_time")]
    public DateTimeOffset LastUpdateTime { get; set; }
}
