using System.Text.Json.Nodes;

namespace Strongroom.Sdk;

/// <summary>
/// A request as a backend sees it: already authenticated, authorised and routed.
/// <see cref="Path"/> is relative to the mount (no leading '/').
/// </summary>
public sealed class LogicalRequest
{
    public required Operation Operation { get; set; }

    /// <summary>Path relative to the mount point, e.g. "data/ai/openai" for "secret/data/ai/openai".</summary>
    public required string Path { get; init; }

    /// <summary>The mount point with trailing slash, e.g. "secret/".</summary>
    public string MountPoint { get; init; } = "";

    /// <summary>The request body (JSON object); empty when there was none.</summary>
    public JsonObject Data { get; init; } = new();

    /// <summary>Query-string parameters (first value of each).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// An opaque, stable, non-secret identifier of the calling token (a keyed hash, never the token
    /// itself). Used by per-token storage such as cubbyhole. Null for unauthenticated requests.
    /// </summary>
    public string? TokenScope { get; init; }

    /// <summary>Who is calling: entity id when known.</summary>
    public string? EntityId { get; init; }

    public string? DisplayName { get; init; }

    public string RequestId { get; init; } = "";

    public string? RemoteAddress { get; init; }

    /// <summary>True when the request came in as LIST (method or ?list=true).</summary>
    public bool IsList => Operation == Operation.List;
}
