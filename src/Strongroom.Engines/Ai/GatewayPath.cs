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
        var completion = GatewayRules.CompletionReserve(endpoint, maxTokens, role.DefaultMaxTokens);
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
                old.Key.InFlight--;
                Charge(old.Key, old.Day, old.Model, old.Tokens, old.Cost, old.Tokens, 0, old.Cost, 0, pricing: null);
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
                Day = day,
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

    /// <summary>Lease and expiry, then the role's endpoint, model and CIDR checks.</summary>
    private static GatewayDenial? Check(KeyState state, AiRole role, string endpoint, string model, string? remote, DateTimeOffset now) =>
        KeyCheck(state, now) ?? GatewayRules.Check(state.Record.Role, role.AllowedEndpoints, role.AllowedModels, role.AllowedCidrs, endpoint, model, remote);

    /// <summary>Revoked or expired keys are refused (401).</summary>
    private static GatewayDenial? KeyCheck(KeyState state, DateTimeOffset now)
    {
        if (state.Record.Revoked)
        {
            return GatewayDenial.InvalidKey("virtual key has been revoked");
        }

        return now.ToUnixTimeSeconds() >= state.Record.ExpiresUnix ? GatewayDenial.InvalidKey("virtual key has expired") : null;
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
            if (provider is not null && GatewayRules.Serves(provider.Type, provider.Models, endpoint, model))
            {
                return (name, provider);
            }
        }

        return ("", null);
    }

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
        var items = request.Data["settlements"] as JsonArray ?? [];
        var returns = request.Data["returns"] as JsonArray ?? [];
        if (request.Data["settlements"] is null && request.Data["returns"] is null)
        {
            throw new FieldException("settlements", "a list of objects");
        }

        if (items.Count + returns.Count > MaxSettleBatch)
        {
            return LogicalResponse.BadRequest($"at most {MaxSettleBatch} settlements and returns per call");
        }

        var pricing = await _ledger.GetPricingAsync(cancellationToken).ConfigureAwait(false);
        var parsed = new List<SettleItem>(items.Count);
        foreach (var item in items)
        {
            if (item is not JsonObject o)
            {
                throw new FieldException("settlements", "a list of objects");
            }

            var s = SettleItem.Parse(o);
            if (s.Prompt < 0 || s.Completion < 0 || s.DrawnTokens < 0 || s.DrawnCost < 0)
            {
                return LogicalResponse.BadRequest("token counts must not be negative");
            }

            parsed.Add(s);
        }

        var touched = new List<KeyState>();
        var days = new List<RoleDayState>();
        var upstreamKeys = new List<(string Provider, string KeyId)>();
        var results = new JsonArray();
        foreach (var s in parsed)
        {
            Reservation? r;
            lock (_ledger.Gate)
            {
                r = _ledger.PeekReservation(s.Id);
            }

            var state = r?.Key ?? (s.Accessor is { } accessor ? await _ledger.FindByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false) : null);
            if (state is null || (r is null && !s.FromSlice))
            {
                results.Add(new JsonObject { ["reservation_id"] = s.Id, ["settled"] = false });
                continue;
            }

            var day = r?.Day ?? await _ledger.GetRoleDayAsync(state.Record.Role, cancellationToken).ConfigureAwait(false);
            var model = s.FromSlice ? s.Model : r!.Model;
            double cost;
            lock (_ledger.Gate)
            {
                if (r is { IsSlice: false })
                {
                    if (_ledger.TakeReservation(s.Id) is null)
                    {
                        continue;
                    }

                    state.InFlight--;
                    cost = Charge(state, day, model, r.Tokens, r.Cost, s.Prompt, s.Completion, 0, s.Status, pricing);
                    upstreamKeys.Add((r.Provider, r.UpstreamKeyId));
                }
                else if (r is not null && _ledger.PeekReservation(s.Id) == r)
                {
                    // A request drawn from a slice: release what it drew, charge what it used.
                    var held = Math.Min(s.DrawnTokens, r.Tokens);
                    var heldCost = Math.Min(s.DrawnCost, r.Cost);
                    r.Tokens -= held;
                    r.Cost -= heldCost;
                    cost = Charge(state, day, model, held, heldCost, s.Prompt, s.Completion, 0, s.Status, pricing);
                    r.Settled++;
                    CloseIfDone(r, upstreamKeys);
                }
                else
                {
                    // The slice is gone (server restarted, or abandoned): still charge the usage.
                    cost = Charge(state, day, model, 0, 0, s.Prompt, s.Completion, 0, s.Status, pricing);
                }
            }

            touched.Add(state);
            days.Add(day);
            results.Add(new JsonObject
            {
                ["reservation_id"] = s.Id,
                ["settled"] = true,
                ["accessor"] = state.Record.Accessor,
                ["model"] = model,
                ["endpoint"] = s.FromSlice ? s.Endpoint : r!.Endpoint,
                ["status"] = s.Status,
                ["total_tokens"] = s.Prompt + s.Completion,
                ["cost_usd"] = Math.Round(cost, 8),
            });
        }

        foreach (var item in returns)
        {
            if (item is not JsonObject o)
            {
                throw new FieldException("returns", "a list of objects");
            }

            ReturnSlice(o, upstreamKeys);
        }

        await _ledger.PersistKeysAsync(touched, cancellationToken).ConfigureAwait(false);
        await _ledger.PersistRoleDaysAsync(days, cancellationToken).ConfigureAwait(false);
        await DropRetiredKeysAsync(upstreamKeys, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.Ok(new JsonObject { ["results"] = results });
    }

    /// <summary>Drops upstream keys that are retiring and no longer held by any reservation or slice.</summary>
    private async ValueTask DropRetiredKeysAsync(List<(string Provider, string KeyId)> released, CancellationToken cancellationToken)
    {
        foreach (var name in released.Select(k => k.Provider).Distinct(StringComparer.Ordinal))
        {
            if (await _ledger.GetProviderAsync(name, cancellationToken).ConfigureAwait(false) is not { } provider)
            {
                continue;
            }

            var changed = false;
            lock (_ledger.Gate)
            {
                foreach (var (_, keyId) in released.Where(k => k.Provider == name).Distinct())
                {
                    if (provider.Keys.FirstOrDefault(k => k.Id == keyId) is { State: "retiring" } retiring && !_ledger.KeyInUse(name, keyId))
                    {
                        provider.Keys.Remove(retiring);
                        changed = true;
                    }
                }
            }

            if (changed)
            {
                await _ledger.PutProviderAsync(name, provider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Releases held tokens and cost and charges actual usage (caller holds the gate). Returns the cost charged.</summary>
    private static double Charge(KeyState state, RoleDayState? day, string model, long heldTokens, double heldCost, long prompt, long completion, double fixedCost, long status, PricingTable? pricing)
    {
        Release(state, day, heldTokens, heldCost);
        state.WindowTokens += prompt + completion;
        var cost = pricing is null ? fixedCost : AiLedger.Price(pricing, model, prompt, completion);
        Add(state.Record.Usage, prompt, completion, cost, status);
        if (day is not null)
        {
            Add(day.Day.Usage, prompt, completion, cost, status: 0);
        }

        return cost;
    }

    private static void Add(KeyUsage usage, long prompt, long completion, double cost, long status)
    {
        usage.Requests++;
        usage.Errors += status >= 400 ? 1 : 0;
        usage.PromptTokens += prompt;
        usage.CompletionTokens += completion;
        usage.CostUsd += cost;
    }

    /// <summary>Gives held tokens and cost back to the key, its rate window and its role's day (caller holds the gate).</summary>
    private static void Release(KeyState state, RoleDayState? day, long tokens, double cost)
    {
        state.ReservedTokens -= tokens;
        state.ReservedCost -= cost;
        state.WindowTokens = Math.Max(0, state.WindowTokens - tokens);
        if (day is not null)
        {
            day.ReservedTokens -= tokens;
            day.ReservedCost -= cost;
        }
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

        // A slice carries several providers' keys: the gateway names the one the provider rejected.
        var providerName = r is { IsSlice: true } ? request.Data.GetString("provider") ?? "" : r?.Provider ?? "";
        if (r is null || !IsValidName(providerName) || await _ledger.GetProviderAsync(providerName, cancellationToken).ConfigureAwait(false) is not { } provider)
        {
            return LogicalResponse.BadRequest("unknown reservation");
        }

        UpstreamKey? next;
        string badId;
        lock (_ledger.Gate)
        {
            badId = r.IsSlice ? request.Data.GetString("upstream_key_id") ?? "" : r.UpstreamKeyId;
            if (r.IsSlice && !r.UpstreamKeys.Contains((providerName, badId)))
            {
                return LogicalResponse.BadRequest("the upstream key was not handed out with this grant");
            }

            if (provider.Keys.FirstOrDefault(k => k.Id == badId) is { } bad)
            {
                bad.State = "bad";
            }

            next = provider.Keys.FirstOrDefault(k => k.State == "active");
            if (next is not null && r.IsSlice)
            {
                r.UpstreamKeys.Add((providerName, next.Id));
            }
            else if (next is not null)
            {
                r.UpstreamKeyId = next.Id;
            }
        }

        await _ledger.PutProviderAsync(providerName, provider, cancellationToken).ConfigureAwait(false);
        var alert = $"ALERT: upstream key {badId} of provider \"{providerName}\" was rejected by the provider (401) and is marked bad; rotate it";
        var data = new JsonObject { ["bad_key_id"] = badId, ["alert"] = alert };
        if (next is not null)
        {
            data["upstream_key_id"] = next.Id;
            data["upstream_key"] = next.Value;
        }

        return LogicalResponse.Ok(data).WithWarning(alert);
    }
}
