using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>
/// One alert: which rule fired, who (entity, accessor HMAC, remote address), what (path, operation)
/// and the window counts. Built from audit metadata only: never a secret value, token or body.
/// </summary>
public sealed record Alert
{
    public required string Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>The configured rule name ("auth-failures-by-address").</summary>
    public required string Rule { get; init; }

    /// <summary>The rule type ("auth_failures", "audit_device_failed"...).</summary>
    public required string RuleType { get; init; }

    /// <summary>"info", "warning" or "critical".</summary>
    public string Severity { get; init; } = "warning";

    public required string Summary { get; init; }

    public AlertActor Who { get; init; } = AlertActor.None;

    public string Path { get; init; } = "";

    public string Operation { get; init; } = "";

    /// <summary>Events (or distinct paths) counted in the window when the rule fired; 1 for single-event rules.</summary>
    public long Count { get; init; } = 1;

    public long Threshold { get; init; }

    public TimeSpan Window { get; init; }

    public JsonObject ToJson() => new()
    {
        ["type"] = "alert",
        ["id"] = Id,
        ["time"] = Time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["rule"] = Rule,
        ["rule_type"] = RuleType,
        ["severity"] = Severity,
        ["summary"] = Summary,
        ["who"] = new JsonObject
        {
            ["entity_id"] = Who.EntityId,
            ["accessor"] = Who.Accessor,
            ["display_name"] = Who.DisplayName,
            ["remote_address"] = Who.RemoteAddress,
        },
        ["what"] = new JsonObject { ["path"] = Path, ["operation"] = Operation },
        ["window"] = new JsonObject
        {
            ["count"] = Count,
            ["threshold"] = Threshold,
            ["seconds"] = (long)Window.TotalSeconds,
        },
    };

    public override string ToString() => $"alert {Rule}: {Summary}";
}
