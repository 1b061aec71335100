using Strongroom.Sdk;

namespace Strongroom.Core.Pipeline;

/// <summary>The one place where expected outcomes become HTTP status codes (Vault's).</summary>
public static class ErrorStatus
{
    public static int For(ErrorCode code) => code switch
    {
        ErrorCode.BadRequest => 400,
        ErrorCode.PermissionDenied => 403,
        ErrorCode.NotFound => 404,
        ErrorCode.UnsupportedOperation => 405,
        ErrorCode.PreconditionFailed => 412,
        ErrorCode.PayloadTooLarge => 413,
        ErrorCode.RateLimited => 429,
        ErrorCode.Internal => 500,
        ErrorCode.Unavailable => 503,
        _ => 500,
    };
}
