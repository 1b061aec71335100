using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Ai;

/// <summary>
/// ai/gateway/lease: one call gives a gateway a *grant* for a virtual key — the key's role (models,
/// endpoints, CIDRs, providers with one active upstream key each, prices) and a budget slice (tokens,
/// USD, requests) valid for at most <see cref="MaxGrantValidity"/>. The gateway decides requests
/// locally against the slice, settles each request's usage against it, and returns what it did not
/// use. The slice is held in the key's budgets, role day and rate window exactly like in-flight
/// reservations, so the ledger never hands out more than remains across all gateways.
/// </summary>
internal sealed partial class AiBackend
{
    /// <summary>Longest a grant is valid: a revoked key is refused by every gateway within this time.</summary>
    internal static readonly TimeSpan MaxGrantValidity = TimeSpan.FromSeconds(1);

    private const long MaxWantRequests = 100_000;

    /// <summary>A slice takes at most this fraction of what remains, so other gateways still get some.</summary>
    private const int SliceShare = 4;

    private async ValueTask<LogicalResponse> LeaseAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var d = request.Data;
        var apiKey = d.GetString("api_key") ?? "";
        var endpoint = d.GetString("endpoint") ?? "chat";
        var model = d.GetString("model") ?? "";
        var maxTokens = d.GetInt("max_tokens");
        var promptEstimate = Math.Max(0, d.GetInt("prompt_tokens_estimate") ?? 0);
        var wantRequests = Math.Clamp(d.GetInt("want_requests") ?? 1, 1, MaxWantRequests);
        var validityMs = Math.Clamp(d.GetInt("validity_ms") ?? (long)MaxGrantValidity.TotalMilliseconds, 10, (long)MaxGrantValidity.TotalMilliseconds);
        if (!Endpoints.Contains(endpoint) || maxTokens < 0)
        {
            return LogicalResponse.BadRequest("endpoint must be a gateway endpoint and max_tokens must not be negative");
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
        if (KeyCheck(state, now) is { } refusal)
        {
            return Denied(refusal, state);
        }

        var providers = new List<(string Name, AiProvider Provider)>(role.Providers.Count);
        foreach (var name in role.Providers)
        {
            if (await _ledger.GetProviderAsync(name, cancellationToken).ConfigureAwait(false) is { } provider)
            {
                providers.Add((name, provider));
            }
        }

        var pricing = await _ledger.GetPricingAsync(cancellationToken).ConfigureAwait(false);
        var needTokens = promptEstimate + GatewayRules.CompletionReserve(endpoint, maxTokens, role.DefaultMaxTokens);
        var needCost = AiLedger.Price(pricing, model, promptEstimate, needTokens - promptEstimate);
        var day = await _ledger.GetRoleDayAsync(state.Record.Role, cancellationToken).ConfigureAwait(false);
        var limitsTokens = role.TokenBudget > 0 || role.DailyTokenBudget > 0 || role.TokensPerMinute > 0;
        var limitsCost = role.CostBudget > 0 || role.DailyCostBudget > 0;
        var limitsRate = role.RequestsPerMinute > 0 || role.TokensPerMinute > 0;
        Reservation slice;
        var keys = new JsonArray();
        lock (_ledger.Gate)
        {
            foreach (var old in _ledger.TakeAbandoned(now))
            {
                old.Key.InFlight--;
                Charge(old.Key, old.Day, old.Model, old.Tokens, old.Cost, old.Tokens, 0, old.Cost, 0, pricing: null);
            }

            // The slice must hold at least one request like the one that asked; refused exactly as reserve would.
            if (Limits(state, role, day, needTokens, needCost, now) is { } limited)
            {
                return Denied(limited, state);
            }

            var usage = state.Record.Usage;
            var tokens = 0L;
            if (limitsTokens)
            {
                var left = long.MaxValue;
                left = role.TokenBudget > 0 ? Math.Min(left, role.TokenBudget - usage.TotalTokens - state.ReservedTokens) : left;
                left = role.DailyTokenBudget > 0 ? Math.Min(left, role.DailyTokenBudget - day.Day.Usage.TotalTokens - day.ReservedTokens) : left;
                left = role.TokensPerMinute > 0 ? Math.Min(left, Math.Max(needTokens, role.TokensPerMinute - state.WindowTokens)) : left;
                tokens = Slice(needTokens, wantRequests, left);
            }

            var cost = 0d;
            if (limitsCost)
            {
                var left = double.MaxValue;
                left = role.CostBudget > 0 ? Math.Min(left, role.CostBudget - usage.CostUsd - state.ReservedCost) : left;
                left = role.DailyCostBudget > 0 ? Math.Min(left, role.DailyCostBudget - day.Day.Usage.CostUsd - day.ReservedCost) : left;
                cost = Math.Min(needCost * wantRequests, Math.Max(needCost, left / SliceShare));
            }

            var requests = role.RequestsPerMinute > 0
                ? Math.Min(wantRequests, Math.Max(1, (role.RequestsPerMinute - state.WindowRequests) / SliceShare))
                : 0;
            state.WindowRequests += requests;
            state.WindowTokens += tokens;
            state.ReservedTokens += tokens;
            state.ReservedCost += cost;
            day.ReservedTokens += tokens;
            day.ReservedCost += cost;
            slice = new Reservation
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                Key = state,
                Provider = "",
                UpstreamKeyId = "",
                Model = "",
                Endpoint = "",
                Tokens = tokens,
                Cost = cost,
                Created = now,
                Day = day,
                IsSlice = true,
                Requests = requests,
                WindowStart = state.WindowStart,
            };
            foreach (var (name, provider) in providers)
            {
                var active = provider.Keys.FirstOrDefault(k => k.State == "active");
                if (active is not null)
                {
                    slice.UpstreamKeys.Add((name, active.Id));
                }

                keys.Add(ProviderJson(name, provider, active));
            }

            _ledger.AddReservation(slice);
        }

        // A rate window ends at a fixed time: the grant must not carry requests into the next one.
        var validity = TimeSpan.FromMilliseconds(validityMs);
        if (limitsRate && state.WindowStart + TimeSpan.FromMinutes(1) - now is var windowLeft && windowLeft < validity)
        {
            validity = windowLeft > TimeSpan.Zero ? windowLeft : TimeSpan.FromMilliseconds(1);
        }

        var expiresIn = DateTimeOffset.FromUnixTimeSeconds(state.Record.ExpiresUnix) - now;
        validity = expiresIn < validity ? expiresIn : validity;
        var prices = new JsonArray();
        foreach (var (pattern, price) in pricing.Prices.OrderByDescending(p => p.Key.Length))
        {
            prices.Add(new JsonObject { ["model"] = pattern, ["input"] = price.Input, ["output"] = price.Output });
        }

        return LogicalResponse.Ok(new JsonObject
        {
            ["allowed"] = true,
            ["reservation_id"] = slice.Id,
            ["accessor"] = state.Record.Accessor,
            ["role"] = state.Record.Role,
            ["valid_ms"] = Math.Max(1, (long)validity.TotalMilliseconds),
            ["tokens"] = limitsTokens ? slice.Tokens : -1,
            ["cost_usd"] = limitsCost ? slice.Cost : -1,
            ["requests"] = role.RequestsPerMinute > 0 ? slice.Requests : -1,
            ["default_max_tokens"] = role.DefaultMaxTokens,
            ["allowed_models"] = Array(role.AllowedModels),
            ["allowed_endpoints"] = Array(role.AllowedEndpoints),
            ["allowed_cidrs"] = Array(role.AllowedCidrs),
            ["providers"] = keys,
            ["prices"] = prices,
        });
    }

    /// <summary>Tokens for a slice: what was wanted, at most a share of what is left, never less than one request's need.</summary>
    private static long Slice(long need, long wantRequests, long left)
    {
        var want = need > 0 && wantRequests > long.MaxValue / need ? long.MaxValue : need * wantRequests;
        return Math.Min(want, Math.Max(need, left / SliceShare));
    }

    private static JsonObject ProviderJson(string name, AiProvider provider, UpstreamKey? active)
    {
        var headers = new JsonObject();
        foreach (var (k, v) in provider.Headers)
        {
            headers[k] = v;
        }

        return new JsonObject
        {
            ["name"] = name,
            ["type"] = provider.Type,
            ["base_url"] = provider.BaseUrl,
            ["headers"] = headers,
            ["models"] = Array(provider.Models),
            ["upstream_key_id"] = active?.Id,
            ["upstream_key"] = active?.Value,
        };
    }

    /// <summary>The gateway gives back what it did not draw from a slice (caller does not hold the gate).</summary>
    private void ReturnSlice(JsonObject o, List<(string Provider, string KeyId)> released)
    {
        var id = o.GetString("reservation_id") ?? "";
        lock (_ledger.Gate)
        {
            if (_ledger.PeekReservation(id) is not { IsSlice: true } r)
            {
                return;
            }

            var tokens = Math.Clamp(o.GetInt("unused_tokens") ?? 0, 0, r.Tokens);
            var cost = Math.Clamp(GetDouble(o, "unused_cost_usd") ?? 0, 0, r.Cost);
            r.Tokens -= tokens;
            r.Cost -= cost;
            Release(r.Key, r.Day, tokens, cost);
            if (r.Requests > 0 && r.Key.WindowStart == r.WindowStart)
            {
                r.Key.WindowRequests -= Math.Clamp(o.GetInt("unused_requests") ?? 0, 0, r.Requests);
            }

            r.Requests = 0;
            r.DrawnRequests = Math.Max(0, o.GetInt("drawn_requests") ?? 0);
            CloseIfDone(r, released);
        }
    }

    /// <summary>A returned slice whose drawn requests are all settled is closed: whatever it still holds is released (caller holds the gate).</summary>
    private void CloseIfDone(Reservation slice, List<(string Provider, string KeyId)> released)
    {
        if (slice.DrawnRequests is not { } drawn || slice.Settled < drawn || _ledger.TakeReservation(slice.Id) is null)
        {
            return;
        }

        Release(slice.Key, slice.Day, slice.Tokens, slice.Cost);
        slice.Tokens = 0;
        slice.Cost = 0;
        slice.Key.InFlight--;
        released.AddRange(slice.UpstreamKeys);
    }

    /// <summary>One entry of ai/gateway/settle: a request settled against a reservation or a slice.</summary>
    private sealed record SettleItem(string Id, long Prompt, long Completion, long Status, bool FromSlice, long DrawnTokens, double DrawnCost,
        string Model, string Endpoint, string? Accessor)
    {
        public static SettleItem Parse(JsonObject o) => new(
            o.GetString("reservation_id") ?? "",
            o.GetInt("prompt_tokens") ?? 0,
            o.GetInt("completion_tokens") ?? 0,
            o.GetInt("status") ?? 0,
            o.GetBool("slice") ?? false,
            o.GetInt("drawn_tokens") ?? 0,
            GetDouble(o, "drawn_cost_usd") ?? 0,
            o.GetString("model") ?? "",
            o.GetString("endpoint") ?? "",
            o.GetString("accessor"));
    }
}
