namespace Strongroom.Engines.Ai;

/// <summary>
/// Why a gateway request was refused, as the gateway must show it: an HTTP status, a short
/// machine-readable reason and a message (never containing a key).
/// </summary>
internal sealed record GatewayDenial(int Status, string Reason, string Message, long RetryAfterSeconds = 0)
{
    public static GatewayDenial InvalidKey(string message) => new(401, "invalid_api_key", message);

    public static GatewayDenial Forbidden(string reason, string message) => new(403, reason, message);

    public static GatewayDenial BudgetExhausted(string message) => new(429, "insufficient_quota", message);

    public static GatewayDenial RateLimited(string message, long retryAfter) => new(429, "rate_limit_exceeded", message, retryAfter);
}
