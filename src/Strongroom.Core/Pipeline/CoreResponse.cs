using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Core.Pipeline;

/// <summary>What the pipeline returns to the server: the backend's response plus envelope fields.</summary>
public sealed class CoreResponse
{
    public required LogicalResponse Response { get; init; }

    public string RequestId { get; init; } = "";

    public string LeaseId { get; init; } = "";

    public bool Renewable { get; init; }

    public long LeaseDuration { get; init; }

    /// <summary>The "auth" block (login / token create), already serialised in Vault's shape.</summary>
    public JsonObject? Auth { get; init; }

    public string MountType { get; init; } = "";

    /// <summary>Set when the response is a raw JSON document rather than an envelope (sys/health, sys/seal-status...).</summary>
    public JsonObject? BareJson { get; init; }

    /// <summary>Set when the response was wrapped: the envelope carries wrap_info instead of data/auth.</summary>
    public JsonObject? WrapInfo { get; init; }

    /// <summary>Vault's legacy shape for some sys lists: data keys are repeated at the top level of the envelope.</summary>
    public bool DataAtTopLevel { get; init; }

    /// <summary>HTTP status override for bare responses (sys/health's query-selected codes).</summary>
    public int? StatusCode { get; init; }

    public static CoreResponse Error(ErrorCode code, string requestId, params string[] errors) =>
        new() { Response = LogicalResponse.Error(code, errors), RequestId = requestId };
}
