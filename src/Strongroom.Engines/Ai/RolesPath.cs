using System.Net;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Ai;

/// <summary>ai/roles/:name.</summary>
internal sealed partial class AiBackend
{
    private async ValueTask<LogicalResponse> RoleAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        if (!IsValidName(name))
        {
            return InvalidName("role");
        }

        var existing = await _ledger.GetRoleAsync(name, cancellationToken).ConfigureAwait(false);
        switch (request.Operation)
        {
            case Operation.Read:
                return existing is null ? LogicalResponse.NotFound() : LogicalResponse.Ok(DescribeRole(existing));
            case Operation.Delete:
                await _ledger.PutRoleAsync(name, null, cancellationToken).ConfigureAwait(false);
                return LogicalResponse.NoContent();
            case Operation.Create or Operation.Update:
                break;
            default:
                return LogicalResponse.Unsupported();
        }

        var d = request.Data;
        var role = existing is null ? new AiRole() : CloneRole(existing);
        role.Providers = d.GetStringList("providers") ?? role.Providers;
        if (role.Providers.Count == 0)
        {
            return LogicalResponse.BadRequest("missing providers");
        }

        if (role.Providers.FirstOrDefault(p => !IsValidName(p)) is { } badProvider)
        {
            return LogicalResponse.BadRequest($"invalid provider name \"{badProvider}\"");
        }

        role.AllowedModels = d.GetStringList("allowed_models") ?? role.AllowedModels;
        role.AllowedEndpoints = d.GetStringList("allowed_endpoints") ?? role.AllowedEndpoints;
        if (role.AllowedEndpoints.FirstOrDefault(e => !Endpoints.Contains(e)) is { } badEndpoint)
        {
            return LogicalResponse.BadRequest($"unknown endpoint \"{badEndpoint}\": one of " + string.Join(", ", Endpoints));
        }

        role.AllowedCidrs = d.GetStringList("allowed_cidrs") ?? role.AllowedCidrs;
        if (role.AllowedCidrs.FirstOrDefault(c => !IPNetwork.TryParse(c, out _)) is { } badCidr)
        {
            return LogicalResponse.BadRequest($"invalid CIDR \"{badCidr}\" in allowed_cidrs");
        }

        role.TtlSeconds = d.GetDuration("ttl") is { } ttl ? Seconds(ttl) : role.TtlSeconds;
        role.MaxTtlSeconds = d.GetDuration("max_ttl") is { } maxTtl ? Seconds(maxTtl) : role.MaxTtlSeconds;
        role.TokenBudget = d.GetInt("token_budget") ?? role.TokenBudget;
        role.CostBudget = GetDouble(d, "cost_budget") ?? role.CostBudget;
        role.DailyTokenBudget = d.GetInt("daily_token_budget") ?? role.DailyTokenBudget;
        role.DailyCostBudget = GetDouble(d, "daily_cost_budget") ?? role.DailyCostBudget;
        role.RequestsPerMinute = d.GetInt("requests_per_minute") ?? role.RequestsPerMinute;
        role.TokensPerMinute = d.GetInt("tokens_per_minute") ?? role.TokensPerMinute;
        role.DefaultMaxTokens = d.GetInt("default_max_tokens") ?? role.DefaultMaxTokens;
        if (role.TtlSeconds < 0 || role.MaxTtlSeconds < 0 || role.TokenBudget < 0 || role.CostBudget < 0 || role.DailyTokenBudget < 0
            || role.DailyCostBudget < 0 || role.RequestsPerMinute < 0 || role.TokensPerMinute < 0 || role.DefaultMaxTokens < 0)
        {
            return LogicalResponse.BadRequest("ttls, budgets and limits must not be negative");
        }

        if (role.MaxTtlSeconds > 0 && role.TtlSeconds > role.MaxTtlSeconds)
        {
            return LogicalResponse.BadRequest("ttl must not exceed max_ttl");
        }

        await _ledger.PutRoleAsync(name, role, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    internal static double? GetDouble(JsonObject data, string name)
    {
        var text = data.GetString(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FieldException(name, "a number");
    }

    private static JsonObject DescribeRole(AiRole r) => new()
    {
        ["providers"] = Array(r.Providers),
        ["allowed_models"] = Array(r.AllowedModels),
        ["allowed_endpoints"] = Array(r.AllowedEndpoints.Count == 0 ? Endpoints : r.AllowedEndpoints),
        ["allowed_cidrs"] = Array(r.AllowedCidrs),
        ["ttl"] = r.TtlSeconds,
        ["max_ttl"] = r.MaxTtlSeconds,
        ["token_budget"] = r.TokenBudget,
        ["cost_budget"] = r.CostBudget,
        ["daily_token_budget"] = r.DailyTokenBudget,
        ["daily_cost_budget"] = r.DailyCostBudget,
        ["requests_per_minute"] = r.RequestsPerMinute,
        ["tokens_per_minute"] = r.TokensPerMinute,
        ["default_max_tokens"] = r.DefaultMaxTokens,
    };

    internal static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)i)]);

    private static AiRole CloneRole(AiRole r) => new()
    {
        Providers = [.. r.Providers],
        AllowedModels = [.. r.AllowedModels],
        AllowedEndpoints = [.. r.AllowedEndpoints],
        AllowedCidrs = [.. r.AllowedCidrs],
        TtlSeconds = r.TtlSeconds,
        MaxTtlSeconds = r.MaxTtlSeconds,
        TokenBudget = r.TokenBudget,
        CostBudget = r.CostBudget,
        DailyTokenBudget = r.DailyTokenBudget,
        DailyCostBudget = r.DailyCostBudget,
        RequestsPerMinute = r.RequestsPerMinute,
        TokensPerMinute = r.TokensPerMinute,
        DefaultMaxTokens = r.DefaultMaxTokens,
    };
}
