using System.Text.Json.Serialization;

namespace Strongroom.Core.Seal;

/// <summary>The public seal parameters (no secret): stored as a barrier bootstrap record.</summary>
public sealed class SealConfig
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "shamir";

    [JsonPropertyName("secret_shares")]
    public int SecretShares { get; set; }

    [JsonPropertyName("secret_threshold")]
    public int SecretThreshold { get; set; }
}
