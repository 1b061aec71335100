using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Ai;

/// <summary>
/// ai/gateway/reserve, ai/gateway/settle and ai/gateway/failover: the calls a gateway makes per
/// request. They are ordinary (audited) requests; they carry model, endpoint, token counts and
/// status, never prompts or completions.
/// </summary>
internal sealed partial class AiBackend
{
    private const int MaxSettleBatch = 1000;

    private async ValueTask<LogicalResponse> ReserveAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var d = request.Data;
        var apiKey = d.GetString("api_key") ?? "";
        var endpoint = d.GetString("endpoint") ?? "";
        var model = d.GetString("model") ?? "";
        var maxTokens = d.GetInt("max_tokens");
        var promptEstimate = Math.Max(0, d.GetInt("prompt_tokens_estimate") ?? 0);
        var remote = d.GetString("remote_addr");
        if (!Endpoints.Contains(endpoint))
        {
            return LogicalResponse.BadRequest($"unknown endpoint \"{endpoint}\"");
        }

        if (maxTokens < 0)
        {
            return LogicalResponse.BadRequest("max_tokens must not be negative");
        }

        if (!apiKey.StartsWith(KeyPrefix, StringComparison.Ordinal)
            || await _ledger.FindByHashAsync(AiLedger.HashKey(apiKey), cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return Denied(GatewayDenial.InvalidKey("invalid virtual key"));
        }

        var role = await _ledger.GetRoleAsync(state.Record.Role, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return Denied(GatewayDenial.InvalidKey($"the role \"{state.Record.Role}\" of this virtual key no longer exists"));
        }

        var now = _clock.GetUtcNow();
        if (Check(state, role, endpoint, model, remote, now) is { } refusal)
        {
            return Denied(refusal, state);
        }

        var (providerName, provider) = await PickProviderAsync(role, endpoint, model, cancellationToken).ConfigureAwait(false);
        if (provider is null)
        {
            return Denied(GatewayDenial.Forbidden("model_not_allowed", $"no provider of role \"{state.Record.Role}\" serves model \"{model}\" on the {endpoint} endpoint"), state);
        }

        var pricing = await _ledger.GetPricingAsync(cancellationToken).ConfigureAwait(false);
        var completion = endpoint is "embeddings" or "models" ? 0 : maxTokens ?? role.DefaultMaxTokens;
        var tokens = promptEstimate + completion;
        var cost = AiLedger.Price(pricing, model, promptEstimate, completion);
        var day = await _ledger.GetRoleDayAsync(state.Record.Role, cancellationToken).ConfigureAwait(false);
        var abandoned = new List<Reservation>();
        Reservation reservation;
        UpstreamKey upstream;
        lock (_ledger.Gate)
        {
            abandoned = _ledger.TakeAbandoned(now);
            foreach (var old in abandoned)
            {
                Charge(old, old.Tokens, 0, old.Cost, 0, pricing: null, day: null);
            }

            if (Limits(state, role, day, tokens, cost, now) is { } limited)
            {
                return Denied(limited, state);
            }

            var usable = provider.Keys.FirstOrDefault(k => k.State == "active");
            if (usable is null)
            {
                return Denied(new GatewayDenial(503, "no_upstream_key", $"provider \"{providerName}\" has no usable upstream key"), state);
            }

            upstream = usable;
            state.WindowRequests++;
            state.WindowTokens += tokens;
            state.ReservedTokens += tokens;
            state.ReservedCost += cost;
            day.ReservedTokens += tokens;
            day.ReservedCost += cost;
            reservation = new Reservation
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                Key = state,
                Provider = providerName,
                UpstreamKeyId = upstream.Id,
                Model = model,
                Endpoint = endpoint,
                Tokens = tokens,
                Cost = cost,
                Created = now,
            };
            _ledger.AddReservation(reservation);
        }

        if (abandoned.Count > 0)
        {
            await _ledger.PersistKeysAsync(abandoned.Select(a => a.Key), cancellationToken).ConfigureAwait(false);
        }

        var headers = new JsonObject();
        foreach (var (k, v) in provider.Headers)
        {
            headers[k] = v;
        }

        return LogicalResponse.Ok(new JsonObject
        {
            ["allowed"] = true,
            ["reservation_id"] = reservation.Id,
            ["accessor"] = state.Record.Accessor,
            ["role"] = state.Record.Role,
            ["model"] = model,
            ["endpoint"] = endpoint,
            ["reserved_tokens"] = tokens,
            ["provider"] = providerName,
            ["provider_type"] = provider.Type,
            ["base_url"] = provider.BaseUrl,
            ["headers"] = headers,
            ["allowed_models"] = Array(role.AllowedModels),
            ["upstream_key_id"] = upstream.Id,
            ["upstream_key"] = upstream.Value,
        });
    }

    /// <summary>Lease, expiry, endpoint, model and CIDR checks.</summary>
    private static GatewayDenial? Check(KeyState state, AiRole role, string endpoint, string model, string? remote, DateTimeOffset now)
    {
        var r = state.Record;
        if (r.Revoked)
        {
            return GatewayDenial.InvalidKey("virtual key has been revoked");
        }

        if (now.ToUnixTimeSeconds() >= r.ExpiresUnix)
        {
            return GatewayDenial.InvalidKey("virtual key has expired");
        }

        if (role.AllowedEndpoints.Count > 0 && !role.AllowedEndpoints.Contains(endpoint))
        {
            return GatewayDenial.Forbidden("endpoint_not_allowed", $"the {endpoint} endpoint is not allowed for role \"{r.Role}\"");
        }

        if (endpoint != "models" && model.Length == 0)
        {
            return new GatewayDenial(400, "invalid_request_error", "model is required");
        }

        if (endpoint != "models" && !ModelGlob.AnyMatch(role.AllowedModels, model))
        {
            return GatewayDenial.Forbidden("model_not_allowed", $"model \"{model}\" is not allowed for role \"{r.Role}\"");
        }

        if (role.AllowedCidrs.Count > 0)
        {
            if (remote is null || !IPAddress.TryParse(remote, out var ip))
            {
                return GatewayDenial.Forbidden("cidr_not_allowed", "client address unknown and the role restricts CIDRs");
            }

            ip = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
            if (!role.AllowedCidrs.Any(c => IPNetwork.TryParse(c, out var net) && net.Contains(ip)))
            {
                return GatewayDenial.Forbidden("cidr_not_allowed", $"client address {ip} is not in the role's allowed_cidrs");
            }
        }

        return null;
    }

    /// <summary>Rate limits (fixed one-minute windows per key) and budgets, counting in-flight reservations. Caller holds the gate.</summary>
    private static GatewayDenial? Limits(KeyState state, AiRole role, RoleDayState day, long tokens, double cost, DateTimeOffset now)
    {
        if (now - state.WindowStart >= TimeSpan.FromMinutes(1) || now < state.WindowStart)
        {
            state.WindowStart = now;
            state.WindowRequests = 0;
            state.WindowTokens = 0;
        }

        var retryAfter = Math.Max(1, (long)Math.Ceiling((state.WindowStart + TimeSpan.FromMinutes(1) - now).TotalSeconds));
        if (role.RequestsPerMinute > 0 && state.WindowRequests >= role.RequestsPerMinute)
        {
            return GatewayDenial.RateLimited($"rate limit reached: {role.RequestsPerMinute} requests per minute", retryAfter);
        }

        if (role.TokensPerMinute > 0 && state.WindowTokens > 0 && state.WindowTokens + tokens > role.TokensPerMinute)
        {
            return GatewayDenial.RateLimited($"rate limit reached: {role.TokensPerMinute} tokens per minute", retryAfter);
        }

        var usage = state.Record.Usage;
        if (role.TokenBudget > 0)
        {
            if (usage.TotalTokens >= role.TokenBudget)
            {
                return GatewayDenial.BudgetExhausted($"token budget exhausted: {usage.TotalTokens} of {role.TokenBudget} tokens used");
            }

            if (usage.TotalTokens + state.ReservedTokens + tokens > role.TokenBudget)
            {
                return GatewayDenial.BudgetExhausted(
                    $"token budget would be exceeded: {usage.TotalTokens} of {role.TokenBudget} used, {state.ReservedTokens} held by in-flight requests, this request may use {tokens} (lower max_tokens)");
            }
        }

        if (role.CostBudget > 0 && usage.CostUsd + state.ReservedCost + cost > role.CostBudget)
        {
            return GatewayDenial.BudgetExhausted($"cost budget exhausted: {usage.CostUsd:0.######} of {role.CostBudget} USD used");
        }

        if (role.DailyTokenBudget > 0 && day.Day.Usage.TotalTokens + day.ReservedTokens + tokens > role.DailyTokenBudget)
        {
            return GatewayDenial.BudgetExhausted($"the role's daily token budget is exhausted: {day.Day.Usage.TotalTokens} of {role.DailyTokenBudget} used today");
        }

        if (role.DailyCostBudget > 0 && day.Day.Usage.CostUsd + day.ReservedCost + cost > role.DailyCostBudget)
        {
            return GatewayDenial.BudgetExhausted($"the role's daily cost budget is exhausted: {day.Day.Usage.CostUsd:0.######} of {role.DailyCostBudget} USD used today");
        }

        return null;
    }

    private async ValueTask<(string Name, AiProvider? Provider)> PickProviderAsync(AiRole role, string endpoint, string model, CancellationToken cancellationToken)
    {
        foreach (var name in role.Providers)
        {
            var provider = await _ledger.GetProviderAsync(name, cancellationToken).ConfigureAwait(false);
            if (provider is not null && Serves(provider.Type, endpoint) && (model.Length == 0 || ModelGlob.AnyMatch(provider.Models, model)))
            {
                return (name, provider);
            }
        }

        return ("", null);
    }

    /// <summary>Anthropic speaks /v1/messages; every other type speaks the OpenAI wire format.</summary>
    internal static bool Serves(string providerType, string endpoint) =>
        endpoint == "models" || (providerType == "anthropic" ? endpoint == "messages" : endpoint != "messages");

    private static LogicalResponse Denied(GatewayDenial denial, KeyState? state = null) => LogicalResponse.Ok(new JsonObject
    {
        ["allowed"] = false,
        ["status"] = denial.Status,
        ["reason"] = denial.Reason,
        ["message"] = denial.Message,
        ["retry_after"] = denial.RetryAfterSeconds,
        ["accessor"] = state?.Record.Accessor,
    });

    private async ValueTask<LogicalResponse> SettleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var items = request.Data["settlements"] as JsonArray ?? throw new FieldException("settlements", "a list of objects");
        if (items.Count > MaxSettleBatch)
        {
            return LogicalResponse.BadRequest($"at most {MaxSettleBatch} settlements per call");
        }

        var pricing = await _ledger.GetPricingAsync(cancellationToken).ConfigureAwait(false);
        var parsed = new List<(string Id, long Prompt, long Completion, long Status)>(items.Count);
        foreach (var item in items)
        {
            if (item is not JsonObject o)
            {
                throw new FieldException("settlements", "a list of objects");
            }

            var prompt = o.GetInt("prompt_tokens") ?? 0;
            var completion = o.GetInt("completion_tokens") ?? 0;
            if (prompt < 0 || completion < 0)
            {
                return LogicalResponse.BadRequest("token counts must not be negative");
            }

            parsed.Add((o.GetString("reservation_id") ?? "", prompt, completion, o.GetInt("status") ?? 0));
        }

        var touched = new List<KeyState>();
        var days = new List<RoleDayState>();
        var providersChanged = new HashSet<string>(StringComparer.Ordinal);
        var results = new JsonArray();
        foreach (var (id, prompt, completion, status) in parsed)
        {
            Reservation? r;
            lock (_ledger.Gate)
            {
                r = _ledger.PeekReservation(id);
            }

            if (r is null)
            {
                results.Add(new JsonObject { ["reservation_id"] = id, ["settled"] = false });
                continue;
            }

            var day = await _ledger.GetRoleDayAsync(r.Key.Record.Role, cancellationToken).ConfigureAwait(false);
            var provider = await _ledger.GetProviderAsync(r.Provider, cancellationToken).ConfigureAwait(false);
            double cost;
            lock (_ledger.Gate)
            {
                if (_ledger.TakeReservation(id) is null)
                {
                    continue;
                }

                cost = Charge(r, prompt, completion, 0, status, pricing, day);
                if (provider?.Keys.FirstOrDefault(k => k.Id == r.UpstreamKeyId) is { State: "retiring" } retiring
                    && !_ledger.KeyInUse(r.Provider, retiring.Id))
                {
                    provider.Keys.Remove(retiring);
                    providersChanged.Add(r.Provider);
                }
            }

            touched.Add(r.Key);
            days.Add(day);
            results.Add(new JsonObject
            {
                ["reservation_id"] = id,
                ["settled"] = true,
                ["accessor"] = r.Key.Record.Accessor,
                ["model"] = r.Model,
                ["endpoint"] = r.Endpoint,
                ["status"] = status,
                ["total_tokens"] = prompt + completion,
                ["cost_usd"] = Math.Round(cost, 8),
            });
        }

        await _ledger.PersistKeysAsync(touched, cancellationToken).ConfigureAwait(false);
        await _ledger.PersistRoleDaysAsync(days, cancellationToken).ConfigureAwait(false);
        foreach (var name in providersChanged)
        {
            if (await _ledger.GetProviderAsync(name, cancellationToken).ConfigureAwait(false) is { } p)
            {
                await _ledger.PutProviderAsync(name, p, cancellationToken).ConfigureAwait(false);
            }
        }

        return LogicalResponse.Ok(new JsonObject { ["results"] = results });
    }

    /// <summary>Releases a reservation and charges actual usage (caller holds the gate). Returns the cost charged.</summary>
    private static double Charge(Reservation r, long prompt, long completion, double fixedCost, long status, PricingTable? pricing, RoleDayState? day)
    {
        var state = r.Key;
        state.InFlight--;
        state.ReservedTokens -= r.Tokens;
        state.ReservedCost -= r.Cost;
        state.WindowTokens = Math.Max(0, state.WindowTokens + prompt + completion - r.Tokens);
        var cost = pricing is null ? fixedCost : AiLedger.Price(pricing, r.Model, prompt, completion);
        var usage = state.Record.Usage;
        usage.Requests++;
        usage.Errors += status >= 400 ? 1 : 0;
        usage.PromptTokens += prompt;
        usage.CompletionTokens += completion;
        usage.CostUsd += cost;
        if (day is not null)
        {
            day.ReservedTokens -= r.Tokens;
            day.ReservedCost -= r.Cost;
            day.Day.Usage.Requests++;
            day.Day.Usage.PromptTokens += prompt;
            day.Day.Usage.CompletionTokens += completion;
            day.Day.Usage.CostUsd += cost;
        }

        return cost;
    }

    /// <summary>The upstream rejected the key (401): mark it bad and hand out another active key of the provider, if any.</summary>
    private async ValueTask<LogicalResponse> FailoverAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var id = request.Data.GetString("reservation_id") ?? "";
        Reservation? r;
        lock (_ledger.Gate)
        {
            r = _ledger.PeekReservation(id);
        }

        if (r is null || await _ledger.GetProviderAsync(r.Provider, cancellationToken).ConfigureAwait(false) is not { } provider)
        {
            return LogicalResponse.BadRequest("unknown reservation");
        }

        UpstreamKey? next;
        string badId;
        lock (_ledger.Gate)
        {
            badId = r.UpstreamKeyId;
            if (provider.Keys.FirstOrDefault(k => k.Id == badId) is { } bad)
            {
                bad.State = "bad";
            }

            next = provider.Keys.FirstOrDefault(k => k.State == "active");
            if (next is not null)
            {
                r.UpstreamKeyId = next.Id;
            }
        }

        await _ledger.PutProviderAsync(r.Provider, provider, cancellationToken).ConfigureAwait(false);
        var alert = $"ALERT: upstream key {badId} of provider \"{r.Provider}\" was rejected by the provider (401) and is marked bad; rotate it";
        var data = new JsonObject { ["bad_key_id"] = badId, ["alert"] = alert };
        if (next is not null)
        {
            data["upstream_key_id"] = next.Id;
            data["upstream_key"] = next.Value;
        }

        return LogicalResponse.Ok(data).WithWarning(alert);
    }
}
