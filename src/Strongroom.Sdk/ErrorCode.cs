namespace Strongroom.Sdk;

/// <summary>
/// Expected failure outcomes of a request. The server maps each to one HTTP status
/// (see the Vault API docs) in one place; backends never think in HTTP.
/// </summary>
public enum ErrorCode
{
    /// <summary>400: malformed input, wrong types, failed check-and-set.</summary>
    BadRequest,
    /// <summary>403: missing/invalid token or the ACL denies the request.</summary>
    PermissionDenied,
    /// <summary>404: no such path or no handler for it.</summary>
    NotFound,
    /// <summary>405: the path exists but does not support the operation.</summary>
    UnsupportedOperation,
    /// <summary>412: a precondition (e.g. required version) failed.</summary>
    PreconditionFailed,
    /// <summary>413: request body too large.</summary>
    PayloadTooLarge,
    /// <summary>429: rate limit or quota exceeded.</summary>
    RateLimited,
    /// <summary>500: internal failure (storage down, audit unable to record).</summary>
    Internal,
    /// <summary>503: the server is sealed or is a standby.</summary>
    Unavailable,
}
