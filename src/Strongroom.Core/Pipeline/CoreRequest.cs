using System.Net;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Core.Pipeline;

/// <summary>A request as the server hands it to the pipeline (HTTP already decoded).</summary>
public sealed class CoreRequest
{
    /// <summary>Read, List, Update (any POST/PUT; the pipeline decides create vs update), Patch or Delete.</summary>
    public required Operation Operation { get; init; }

    /// <summary>Path after /v1/, without leading slash.</summary>
    public required string Path { get; init; }

    public JsonObject Data { get; init; } = new();

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>The raw client token from X-Vault-Token or Authorization: Bearer (never logged).</summary>
    public string? ClientToken { get; init; }

    public IPAddress? RemoteAddress { get; init; }

    /// <summary>Requested response-wrapping TTL (X-Vault-Wrap-TTL), if any.</summary>
    public TimeSpan? WrapTtl { get; init; }

    public string RequestId { get; init; } = RequestIds.New();

    public override string ToString() => $"{Operation} {Path}";
}
