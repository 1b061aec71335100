namespace Strongroom.Gateway;

/// <summary>One provider of a grant; the upstream key changes when the provider rejected the previous one.</summary>
internal sealed class GrantProvider
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public required string BaseUrl { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    public required IReadOnlyList<string> Models { get; init; }

    public string? UpstreamKeyId { get; set; }

    /// <summary>The real provider key: used for upstream requests only, never logged or returned.</summary>
    public string? UpstreamKey { get; set; }
}
