namespace Strongroom.Audit;

/// <summary>
/// One request or response as the pipeline saw it, before formatting. Values are RAW (client
/// tokens, accessors, secret data): the formatter HMACs them per device. Never log this object.
/// </summary>
public sealed record AuditEvent
{
    /// <summary>"request" or "response".</summary>
    public required string Type { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>The caller's token; null for unauthenticated requests (login, sys/health).</summary>
    public AuditAuth? Auth { get; init; }

    public required AuditRequest Request { get; init; }

    /// <summary>Set for type "response".</summary>
    public AuditResponse? Response { get; init; }

    /// <summary>The error text returned to the client, empty when none. Must not contain secret values.</summary>
    public string Error { get; init; } = "";

    public const string RequestType = "request";

    public const string ResponseType = "response";

    public override string ToString() => $"{Type} {Request.Operation} {Request.Path}";
}
