using System.Text.Json.Nodes;

namespace Strongroom.Sdk;

/// <summary>
/// What a backend returns. Expected failures are values: <see cref="Error(ErrorCode, string[])"/>.
/// The server turns this into Vault's JSON envelope and status code.
/// </summary>
public sealed class LogicalResponse
{
    /// <summary>The "data" object of the envelope; null for no content.</summary>
    public JsonObject? Data { get; set; }

    public List<string> Warnings { get; } = [];

    /// <summary>When set, the response is a secret with a lease (lease_id, lease_duration, renewable).</summary>
    public SecretLease? Secret { get; set; }

    /// <summary>Set by auth methods on login: the server creates a token from it.</summary>
    public AuthResult? Auth { get; set; }

    /// <summary>Set for failures; <see cref="Errors"/> holds the human-readable messages.</summary>
    public ErrorCode? ErrorCode { get; private init; }

    public IReadOnlyList<string> Errors { get; private init; } = [];

    /// <summary>For non-JSON responses (e.g. a PEM); when set, Data is ignored.</summary>
    public RawHttpBody? Raw { get; set; }

    public bool IsError => ErrorCode is not null;

    public static LogicalResponse Ok(JsonObject? data = null) => new() { Data = data };

    public static LogicalResponse NoContent() => new();

    public static LogicalResponse Error(ErrorCode code, params string[] errors) =>
        new() { ErrorCode = code, Errors = errors };

    public static LogicalResponse NotFound() => new() { ErrorCode = Sdk.ErrorCode.NotFound };

    public static LogicalResponse BadRequest(string message) => Error(Sdk.ErrorCode.BadRequest, message);

    public static LogicalResponse Unsupported() =>
        Error(Sdk.ErrorCode.UnsupportedOperation, "unsupported operation");

    public LogicalResponse WithWarning(string warning)
    {
        Warnings.Add(warning);
        return this;
    }
}

/// <summary>A non-JSON HTTP body (status, content type, bytes).</summary>
public sealed record RawHttpBody(int StatusCode, string ContentType, byte[] Body);
