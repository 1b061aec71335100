namespace Strongroom.Server.Configuration;

/// <summary>The `storage "type" { ... }` block: its type and string options.</summary>
public sealed class StorageConfig
{
    public string Type { get; set; } = "sqlite";

    public Dictionary<string, string> Options { get; } = new(StringComparer.Ordinal);
}
