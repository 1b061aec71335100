using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>The "response" block of an audit entry.</summary>
public sealed record AuditResponse
{
    /// <summary>The HTTP status the client got (200, 204, 403...).</summary>
    public int Status { get; init; } = 200;

    public string MountType { get; init; } = "";

    /// <summary>Response data; every string leaf is HMACed unless its key is in <see cref="NonHmacDataKeys"/>.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>The Vault "auth" block of a login/token-create response, with the RAW client_token and accessor.</summary>
    public JsonObject? Auth { get; init; }

    /// <summary>Vault "wrap_info" (token, accessor, ttl, creation_time, creation_path).</summary>
    public JsonObject? WrapInfo { get; init; }

    /// <summary>The mount's audit_non_hmac_response_keys.</summary>
    public IReadOnlyCollection<string> NonHmacDataKeys { get; init; } = [];

    public override string ToString() => $"response {Status}";
}
