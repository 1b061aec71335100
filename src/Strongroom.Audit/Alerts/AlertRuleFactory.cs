using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>Builds rules from <c>alert "name" { type = "..." ... }</c> blocks; the defaults go through the same path.</summary>
internal static class AlertRuleFactory
{
    /// <summary>The default rules, in the same JSON shape an operator writes.</summary>
    public const string DefaultsJson = """
    {
      "auth-failures-by-address":  { "type": "auth_failures", "threshold": 5, "window": "1m", "group_by": "remote_address" },
      "auth-failures-by-identity": { "type": "auth_failures", "threshold": 5, "window": "1m", "group_by": "identity" },
      "permission-denied-burst":   { "type": "permission_denied", "threshold": 10, "window": "1m" },
      "off-hours-secret-read":     { "type": "off_hours_read", "timezone": "UTC", "business_hours": "08:00-18:00", "business_days": ["mon", "tue", "wed", "thu", "fri"] },
      "mass-secret-read":          { "type": "distinct_secret_reads", "threshold": 20, "window": "5m" },
      "config-change":             { "type": "config_change" },
      "root-token-use":            { "type": "root_token" },
      "seal-change":               { "type": "seal" }
    }
    """;

    public static readonly string[] DefaultConfigPaths =
    [
        "sys/policy/*", "sys/policies/*", "sys/auth/*", "sys/auth", "sys/audit/*", "sys/audit",
        "sys/mounts/*", "sys/mounts", "sys/remount", "sys/rotate", "sys/config/*", "sys/rekey/*",
    ];

    public static AlertRule? TryCreate(string name, JsonObject body, out string error)
    {
        error = "";
        var type = ConfigReader.String(body, "type", "");
        var severity = ConfigReader.String(body, "severity", type is "seal" ? "critical" : "warning");
        var groupBy = ConfigReader.String(body, "group_by", type == "auth_failures" ? "remote_address" : "identity");
        var paths = ConfigReader.Strings(body, "paths", type == "config_change" ? DefaultConfigPaths : []);
        var (threshold, window) = type switch
        {
            "auth_failures" => (5L, TimeSpan.FromMinutes(1)),
            "permission_denied" => (10L, TimeSpan.FromMinutes(1)),
            "distinct_secret_reads" => (20L, TimeSpan.FromMinutes(5)),
            "off_hours_read" => (0L, TimeSpan.FromMinutes(10)),
            "root_token" => (0L, TimeSpan.FromMinutes(5)),
            _ => (0L, TimeSpan.Zero),
        };
        if (!ConfigReader.TryLong(body, "threshold", threshold, out threshold)
            || !ConfigReader.TryDuration(body, "window", window, out window)
            || paths is null
            || groupBy is not ("remote_address" or "identity")
            || severity is not ("info" or "warning" or "critical"))
        {
            error = $"alert \"{name}\": threshold must be a number, window a duration, paths a list, group_by remote_address or identity, severity info, warning or critical";
            return null;
        }

        if (window <= TimeSpan.Zero && type is "auth_failures" or "permission_denied" or "distinct_secret_reads")
        {
            error = $"alert \"{name}\": window must be positive";
            return null;
        }

        switch (type)
        {
            case "auth_failures":
                return new CountingRule(name, type, severity, threshold, window, groupBy, AuditEventFacts.IsAuthFailure, AuditEventFacts.RequestKey, "auth failures");
            case "permission_denied":
                return new CountingRule(name, type, severity, threshold, window, groupBy, AuditEventFacts.IsPermissionDenied, AuditEventFacts.RequestKey, "permission-denied requests");
            case "distinct_secret_reads":
                return new CountingRule(
                    name, type, severity, threshold, window, groupBy,
                    e => AuditEventFacts.IsSecretRead(e) && PathGlob.MatchesAny(paths, e.Request.Path),
                    e => e.Request.Path,
                    "distinct secret paths read");
            case "off_hours_read":
                var hours = TryHours(name, body, out error);
                return hours is null ? null : new MatchRule(
                    name, type, severity,
                    e => AuditEventFacts.IsSecretRead(e) && PathGlob.MatchesAny(paths, e.Request.Path) && !hours.Contains(e.Time),
                    (e, who) => who.Identity + "|" + who.RemoteAddress + "|" + e.Request.Path,
                    e => $"secret read outside business hours ({ConfigReader.String(body, "business_hours", "08:00-18:00")} {hours.Zone.Id})",
                    window);
            case "config_change":
                return new MatchRule(
                    name, type, severity,
                    e => AuditEventFacts.IsResponse(e) && AuditEventFacts.Succeeded(e) && AuditEventFacts.IsWrite(e) && PathGlob.MatchesAny(paths, e.Request.Path),
                    (e, _) => e.Request.Path,
                    e => $"configuration changed: {e.Request.Operation} {e.Request.Path}",
                    window);
            case "root_token":
                return new MatchRule(
                    name, type, severity,
                    AuditEventFacts.IsRootUse,
                    (_, who) => who.Identity + "|" + who.RemoteAddress,
                    _ => "root token used",
                    window);
            case "seal":
                return new MatchRule(name, type, severity, AuditEventFacts.IsSealChange, (e, _) => e.Request.Path, e => $"seal status changed: {e.Request.Path}", TimeSpan.Zero);
            default:
                error = $"alert \"{name}\": unknown type \"{type}\" (auth_failures, permission_denied, off_hours_read, distinct_secret_reads, config_change, root_token, seal)";
                return null;
        }
    }

    private static BusinessHours? TryHours(string name, JsonObject body, out string error)
    {
        error = "";
        var zoneId = ConfigReader.String(body, "timezone", "UTC");
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = $"alert \"{name}\": unknown timezone \"{zoneId}\"";
            return null;
        }

        var dayNames = ConfigReader.Strings(body, "business_days", ["mon", "tue", "wed", "thu", "fri"]);
        HashSet<DayOfWeek> days = [];
        foreach (var dayName in dayNames ?? [])
        {
            if (!BusinessHours.TryParseDay(dayName, out var day))
            {
                dayNames = null;
                break;
            }

            days.Add(day);
        }

        if (dayNames is null || !BusinessHours.TryParseRange(ConfigReader.String(body, "business_hours", "08:00-18:00"), out var start, out var end))
        {
            error = $"alert \"{name}\": business_hours must look like \"08:00-18:00\" and business_days like [\"mon\", \"fri\"]";
            return null;
        }

        return new BusinessHours(zone, start, end, days);
    }
}
