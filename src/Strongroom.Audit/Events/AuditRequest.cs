using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>The "request" block of an audit entry.</summary>
public sealed record AuditRequest
{
    public string Id { get; init; } = "";

    /// <summary>Vault's lower-case operation name: read, create, update, patch, delete, list.</summary>
    public required string Operation { get; init; }

    public string MountType { get; init; } = "";

    public string MountPoint { get; init; } = "";

    public string MountAccessor { get; init; } = "";

    public required string Path { get; init; }

    /// <summary>Request body; every string leaf is HMACed unless its key is in <see cref="NonHmacDataKeys"/>.</summary>
    public JsonObject? Data { get; init; }

    public string RemoteAddress { get; init; } = "";

    /// <summary>Headers the operator chose to audit (already filtered); values are HMACed.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Headers { get; init; }

    /// <summary>The mount's audit_non_hmac_request_keys.</summary>
    public IReadOnlyCollection<string> NonHmacDataKeys { get; init; } = [];

    public override string ToString() => $"{Operation} {Path}";
}
