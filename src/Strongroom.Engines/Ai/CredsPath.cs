using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Ai;

/// <summary>ai/creds/:role (issue a virtual key with a lease), lease renewal, and ai/keys/:accessor (usage).</summary>
internal sealed partial class AiBackend
{
    /// <summary>Prefix of every virtual key; scanners flag "sk-sr-" followed by 43 base64url characters.</summary>
    internal const string KeyPrefix = "sk-sr-";

    private async ValueTask<LogicalResponse> IssueKeyAsync(LogicalRequest request, string roleName, CancellationToken cancellationToken)
    {
        if (!IsValidName(roleName))
        {
            return InvalidName("role");
        }

        var role = await _ledger.GetRoleAsync(roleName, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return LogicalResponse.Error(ErrorCode.BadRequest, $"unknown role \"{roleName}\"");
        }

        var mount = _ttls();
        var maxTtl = role.MaxTtlSeconds > 0 ? TimeSpan.FromSeconds(role.MaxTtlSeconds) : mount.Max;
        maxTtl = maxTtl > mount.Max ? mount.Max : maxTtl;
        var ttl = role.TtlSeconds > 0 ? TimeSpan.FromSeconds(role.TtlSeconds) : mount.Default;
        if (request.Data.GetDuration("ttl") is { } asked && asked > TimeSpan.Zero)
        {
            ttl = asked;
        }

        ttl = ttl > maxTtl ? maxTtl : ttl;

        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = _clock.GetUtcNow();
        var record = new VirtualKeyRecord
        {
            Accessor = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            KeyHash = AiLedger.HashKey(key),
            Role = roleName,
            DisplayName = request.DisplayName,
            EntityId = request.EntityId,
            CreatedUnix = now.ToUnixTimeSeconds(),
            ExpiresUnix = (now + ttl).ToUnixTimeSeconds(),
            MaxExpiresUnix = (now + maxTtl).ToUnixTimeSeconds(),
        };
        await _ledger.AddKeyAsync(record, cancellationToken).ConfigureAwait(false);
        return new LogicalResponse
        {
            Data = new JsonObject
            {
                ["api_key"] = key,
                ["accessor"] = record.Accessor,
                ["role"] = roleName,
                ["token_budget"] = role.TokenBudget,
                ["cost_budget"] = role.CostBudget,
            },
            Secret = new SecretLease
            {
                Ttl = ttl,
                MaxTtl = maxTtl,
                Renewable = true,
                InternalData = new JsonObject { ["accessor"] = record.Accessor },
            },
        };
    }

    private async ValueTask<LogicalResponse> RenewKeyAsync(SecretLease lease, CancellationToken cancellationToken)
    {
        if (lease.InternalData.GetString("accessor") is not { } accessor
            || await _ledger.FindByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return LogicalResponse.BadRequest("virtual key not found");
        }

        var role = await _ledger.GetRoleAsync(state.Record.Role, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        var increment = lease.Ttl > TimeSpan.Zero ? lease.Ttl
            : role?.TtlSeconds > 0 ? TimeSpan.FromSeconds(role.TtlSeconds) : _ttls().Default;
        long expires;
        lock (_ledger.Gate)
        {
            if (state.Record.Revoked)
            {
                return LogicalResponse.BadRequest("virtual key has been revoked");
            }

            expires = Math.Min((now + increment).ToUnixTimeSeconds(), state.Record.MaxExpiresUnix);
            state.Record.ExpiresUnix = expires;
        }

        await _ledger.PersistKeysAsync([state], cancellationToken).ConfigureAwait(false);
        return new LogicalResponse
        {
            Secret = new SecretLease { Ttl = TimeSpan.FromSeconds(Math.Max(0, expires - now.ToUnixTimeSeconds())), Renewable = true, InternalData = lease.InternalData },
        };
    }

    private async ValueTask<LogicalResponse> ReadKeyAsync(string accessor, CancellationToken cancellationToken)
    {
        var state = await _ledger.FindByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return LogicalResponse.NotFound();
        }

        lock (_ledger.Gate)
        {
            var r = state.Record;
            var now = _clock.GetUtcNow().ToUnixTimeSeconds();
            return LogicalResponse.Ok(new JsonObject
            {
                ["accessor"] = r.Accessor,
                ["role"] = r.Role,
                ["display_name"] = r.DisplayName,
                ["entity_id"] = r.EntityId,
                ["created"] = Time(r.CreatedUnix),
                ["expires"] = Time(r.ExpiresUnix),
                ["max_expires"] = Time(r.MaxExpiresUnix),
                ["revoked"] = r.Revoked,
                ["expired"] = now >= r.ExpiresUnix,
                ["requests"] = r.Usage.Requests,
                ["errors"] = r.Usage.Errors,
                ["prompt_tokens"] = r.Usage.PromptTokens,
                ["completion_tokens"] = r.Usage.CompletionTokens,
                ["total_tokens"] = r.Usage.TotalTokens,
                ["cost_usd"] = Math.Round(r.Usage.CostUsd, 6),
                ["in_flight"] = state.InFlight,
                ["reserved_tokens"] = state.ReservedTokens,
            });
        }
    }

    private static string Time(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).ToString("O", CultureInfo.InvariantCulture);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
