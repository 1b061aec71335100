namespace Strongroom.Gateway;

/// <summary>The server's answer to a reservation: either a refusal or where and with which key to forward.</summary>
internal sealed class Grant
{
    public bool Allowed { get; init; }

    public int Status { get; init; }

    public string Reason { get; init; } = "";

    public string Message { get; init; } = "";

    public long RetryAfter { get; init; }

    public string ReservationId { get; init; } = "";

    public string Accessor { get; init; } = "";

    public string Provider { get; init; } = "";

    public string ProviderType { get; init; } = "";

    public string BaseUrl { get; init; } = "";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    public string UpstreamKeyId { get; set; } = "";

    /// <summary>The real provider key: used for one upstream request, never logged or returned.</summary>
    public string UpstreamKey { get; set; } = "";
}

/// <summary>Actual usage of one request, sent to the server to release its reservation.</summary>
internal sealed record Settlement(string ReservationId, long PromptTokens, long CompletionTokens, int Status, string Outcome, bool Estimated);
