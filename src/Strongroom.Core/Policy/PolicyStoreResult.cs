using Strongroom.Sdk;

namespace Strongroom.Core.Policy;

/// <summary>
/// Outcome of a policy write or delete. Expected failures (invalid text or name, protected
/// policy) are values with an <see cref="ErrorCode"/> and a message safe to return to the client.
/// </summary>
public sealed class PolicyStoreResult
{
    private PolicyStoreResult()
    {
    }

    public bool Succeeded => Error is null;

    /// <summary>Set when the write/delete was refused (always <see cref="Sdk.ErrorCode.BadRequest"/> today).</summary>
    public ErrorCode? ErrorCode { get; private init; }

    public string? Error { get; private init; }

    /// <summary>The parsed policy after a successful write.</summary>
    public AclPolicy? Policy { get; private init; }

    public static PolicyStoreResult Ok(AclPolicy? policy = null) => new() { Policy = policy };

    public static PolicyStoreResult Fail(string error) => new() { ErrorCode = Sdk.ErrorCode.BadRequest, Error = error };

    /// <summary>The failure as a LogicalResponse (400 with the message); null on success.</summary>
    public LogicalResponse? ToErrorResponse() =>
        Error is null ? null : LogicalResponse.Error(ErrorCode ?? Sdk.ErrorCode.BadRequest, Error);
}
