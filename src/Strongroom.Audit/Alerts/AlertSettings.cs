using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>The <c>alert_settings { ... }</c> block.</summary>
internal sealed record AlertSettings(bool Defaults, int RecentCapacity, TimeSpan LeaseLeadTime, TimeSpan TokenLeadTime)
{
    public static AlertSettings? TryRead(JsonObject? body, out string error)
    {
        error = "";
        body ??= [];
        if (!ConfigReader.TryBool(body, "defaults", true, out var defaults)
            || !ConfigReader.TryLong(body, "recent_capacity", 1000, out var capacity)
            || capacity is < 1 or > 100_000
            || !ConfigReader.TryDuration(body, "lease_lead_time", TimeSpan.FromMinutes(10), out var leaseLead)
            || !ConfigReader.TryDuration(body, "token_lead_time", TimeSpan.FromMinutes(10), out var tokenLead))
        {
            error = "alert_settings: defaults must be a boolean, recent_capacity 1..100000, lease_lead_time and token_lead_time durations";
            return null;
        }

        return new AlertSettings(defaults, (int)capacity, leaseLead, tokenLead);
    }
}
