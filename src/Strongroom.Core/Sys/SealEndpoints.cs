using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Core.Seal;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>sys/health, sys/seal-status, sys/init, sys/unseal, sys/seal, sys/key-status, sys/rotate, sys/leader.</summary>
internal sealed class SealEndpoints : ISystemEndpoints
{
    public const string Version = StrongroomVersion.Value;
    private readonly StrongroomCore _core;
    private readonly string _clusterId = Guid.NewGuid().ToString();

    public SealEndpoints(StrongroomCore core)
    {
        _core = core;
    }

    public async ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var write = op is Operation.Create or Operation.Update;
        return subPath switch
        {
            "health" when op == Operation.Read => await HealthAsync(context, cancellationToken).ConfigureAwait(false),
            "seal-status" when op == Operation.Read => SystemResponses.Bare(context, await SealStatusAsync(cancellationToken).ConfigureAwait(false)),
            "init" when op == Operation.Read => SystemResponses.Bare(context, new JsonObject { ["initialized"] = await _core.IsInitializedAsync(cancellationToken).ConfigureAwait(false) }),
            "init" when write => await InitAsync(context, cancellationToken).ConfigureAwait(false),
            "unseal" when write => await UnsealAsync(context, cancellationToken).ConfigureAwait(false),
            "seal" when write => await SealAsync(context, cancellationToken).ConfigureAwait(false),
            "key-status" when op == Operation.Read => KeyStatus(context),
            "rotate" when write => await RotateAsync(context, cancellationToken).ConfigureAwait(false),
            "leader" when op == Operation.Read => SystemResponses.Bare(context, await LeaderAsync(cancellationToken).ConfigureAwait(false)),
            "step-down" when write => await StepDownAsync(context, cancellationToken).ConfigureAwait(false),
            "ha-status" when op == Operation.Read => await HaStatusAsync(context, cancellationToken).ConfigureAwait(false),
            "health" or "seal-status" or "init" or "unseal" or "seal" or "key-status" or "rotate" or "leader" or "ha-status" or "step-down" => SystemResponses.Unsupported(context),
            _ => null,
        };
    }

    public async ValueTask<JsonObject> SealStatusAsync(CancellationToken cancellationToken)
    {
        var config = _core.Seal.Config;
        var initialized = await _core.IsInitializedAsync(cancellationToken).ConfigureAwait(false);
        var json = new JsonObject
        {
            ["type"] = "shamir",
            ["initialized"] = initialized,
            ["sealed"] = _core.IsSealed,
            ["t"] = config?.SecretThreshold ?? 0,
            ["n"] = config?.SecretShares ?? 0,
            ["progress"] = _core.Seal.Progress,
            ["nonce"] = _core.Seal.Nonce,
            ["version"] = Version,
            ["build_date"] = "2026-11-22T00:00:00Z",
            ["migration"] = false,
            ["recovery_seal"] = false,
            ["storage_type"] = _core.Options.StorageType,
        };
        if (!_core.IsSealed)
        {
            json["cluster_name"] = _core.Options.ClusterName;
            json["cluster_id"] = _clusterId;
        }

        return json;
    }

    private async ValueTask<CoreResponse> HealthAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var initialized = await _core.IsInitializedAsync(cancellationToken).ConfigureAwait(false);
        var query = context.Request.Query;
        int Code(string name, int fallback) =>
            query.TryGetValue(name, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c is >= 100 and <= 599 ? c : fallback;

        var standby = _core.IsStandby;
        var status = !initialized ? Code("uninitcode", 501)
            : _core.IsSealed ? Code("sealedcode", 503)
            : standby ? (query.TryGetValue("standbyok", out var ok) && ok is "true" or "1" ? Code("activecode", 200) : Code("standbycode", 429))
            : Code("activecode", 200);
        var json = new JsonObject
        {
            ["initialized"] = initialized,
            ["sealed"] = _core.IsSealed,
            ["standby"] = standby,
            ["performance_standby"] = false,
            ["replication_performance_mode"] = "disabled",
            ["replication_dr_mode"] = "disabled",
            ["server_time_utc"] = _core.Clock.GetUtcNow().ToUnixTimeSeconds(),
            ["version"] = Version,
            ["enterprise"] = false,
            ["echo_duration_ms"] = 0,
            ["clock_skew_ms"] = 0,
        };
        if (!_core.IsSealed)
        {
            json["cluster_name"] = _core.Options.ClusterName;
            json["cluster_id"] = _clusterId;
        }

        return SystemResponses.Bare(context, json, status);
    }

    private async ValueTask<CoreResponse> InitAsync(RequestContext context, CancellationToken cancellationToken)
    {
        if (await _core.IsInitializedAsync(cancellationToken).ConfigureAwait(false))
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "Vault is already initialized");
        }

        var data = context.Request.Data;
        if (data["pgp_keys"] is not null || data["root_token_pgp_key"] is not null && data.GetString("root_token_pgp_key") is { Length: > 0 })
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "pgp_keys and root_token_pgp_key are not supported");
        }

        var shares = data.GetInt("secret_shares") ?? 5;
        var threshold = data.GetInt("secret_threshold") ?? 3;
        if (shares < 1 || shares > 255)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "secret_shares must be between 1 and 255");
        }

        if (threshold < 1 || threshold > shares || (shares > 1 && threshold < 2))
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "invalid seal configuration: threshold must be at least 2 and at most the number of shares (or 1 of 1)");
        }

        var result = await _core.InitializeAsync((int)shares, (int)threshold, null, cancellationToken).ConfigureAwait(false);
        var json = new JsonObject
        {
            ["keys"] = SystemResponses.Array(result.KeyShares.Select(Convert.ToHexStringLower)),
            ["keys_base64"] = SystemResponses.Array(result.KeyShares.Select(Convert.ToBase64String)),
            ["root_token"] = result.RootToken,
        };
        foreach (var share in result.KeyShares)
        {
            CryptographicOperations.ZeroMemory(share);
        }

        return SystemResponses.Bare(context, json);
    }

    private async ValueTask<CoreResponse> UnsealAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var data = context.Request.Data;
        if (data.GetBool("reset") == true)
        {
            _core.Seal.Reset();
            return SystemResponses.Bare(context, await SealStatusAsync(cancellationToken).ConfigureAwait(false));
        }

        var key = data.GetString("key");
        if (string.IsNullOrEmpty(key))
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "'key' must be specified in request body as JSON, or 'reset' set to true");
        }

        var share = DecodeKey(key);
        if (share is null)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "'key' must be a valid hex or base64 string");
        }

        try
        {
            var outcome = await _core.UnsealAsync(share, cancellationToken).ConfigureAwait(false);
            return outcome switch
            {
                UnsealOutcome.NotInitialized => SystemResponses.Error(context, ErrorCode.BadRequest, "Vault is not initialized"),
                UnsealOutcome.InvalidShare => SystemResponses.Error(context, ErrorCode.BadRequest, "invalid key: malformed or duplicate unseal key share"),
                UnsealOutcome.WrongKey => SystemResponses.Error(context, ErrorCode.BadRequest, "Unseal failed: the key shares do not combine to the root key; unseal progress was reset"),
                _ => SystemResponses.Bare(context, await SealStatusAsync(cancellationToken).ConfigureAwait(false)),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(share);
        }
    }

    private async ValueTask<CoreResponse> SealAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await _core.SealAsync(cancellationToken).ConfigureAwait(false);
        return SystemResponses.NoContent(context);
    }

    private CoreResponse KeyStatus(RequestContext context)
    {
        var status = _core.Barrier.GetKeyStatus();
        return SystemResponses.Ok(context, new JsonObject
        {
            ["term"] = status.Term,
            ["install_time"] = status.InstallTime.ToString("O", CultureInfo.InvariantCulture),
            ["encryptions"] = status.Encryptions,
        }, dataAtTopLevel: true);
    }

    private async ValueTask<CoreResponse> RotateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await _core.Barrier.RotateAsync(cancellationToken).ConfigureAwait(false);
        return SystemResponses.NoContent(context);
    }

    private async ValueTask<JsonObject> LeaderAsync(CancellationToken cancellationToken)
    {
        var haLock = _core.HaLock;
        Ha.HaNode? leader = null;
        if (haLock is not null)
        {
            try
            {
                leader = await haLock.GetLeaderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Storage.StorageUnavailableException)
            {
                leader = _core.Ha?.Leader;
            }
        }

        var self = leader is not null && leader.NodeId == haLock!.NodeId && _core.Ha is { IsActive: true };
        return new JsonObject
        {
            ["ha_enabled"] = haLock is not null,
            ["is_self"] = self,
            ["active_time"] = self ? _core.Ha!.ActiveSince.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z",
            ["leader_address"] = leader?.ApiAddr ?? "",
            ["leader_cluster_address"] = "",
            ["performance_standby"] = false,
            ["performance_standby_last_remote_wal"] = 0,
        };
    }

    private async ValueTask<CoreResponse> StepDownAsync(RequestContext context, CancellationToken cancellationToken)
    {
        if (_core.Ha is { } ha)
        {
            await ha.StepDownAsync(cancellationToken).ConfigureAwait(false);
        }

        return SystemResponses.NoContent(context);
    }

    private async ValueTask<CoreResponse> HaStatusAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var haLock = _core.HaLock;
        if (haLock is null)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "high availability is not enabled on this storage");
        }

        var leader = await haLock.GetLeaderAsync(cancellationToken).ConfigureAwait(false);
        var nodes = new JsonArray();
        foreach (var node in await haLock.ListNodesAsync(cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(new JsonObject
            {
                ["hostname"] = node.NodeId,
                ["node_id"] = node.NodeId,
                ["api_address"] = node.ApiAddr,
                ["cluster_address"] = "",
                ["active_node"] = leader is not null && leader.NodeId == node.NodeId,
                ["last_echo"] = (node.ValidUntil - (haLock.Ttl * 3)).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["version"] = Version,
            });
        }

        return SystemResponses.Ok(context, new JsonObject { ["nodes"] = nodes });
    }

    private static byte[]? DecodeKey(string key)
    {
        key = key.Trim();
        if (key.Length % 2 == 0 && key.All(char.IsAsciiHexDigit))
        {
            try
            {
                return Convert.FromHexString(key);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) ? buffer[..written] : null;
    }
}
