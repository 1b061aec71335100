using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Core.Leases;
using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>
/// sys/leases/lookup (and LIST by prefix), renew, revoke, revoke-prefix, revoke-force, tidy,
/// plus the legacy sys/renew, sys/revoke, sys/revoke-prefix, sys/revoke-force.
/// </summary>
internal sealed class LeaseEndpoints : ISystemEndpoints
{
    private readonly StrongroomCore _core;

    public LeaseEndpoints(StrongroomCore core)
    {
        _core = core;
    }

    private ExpirationManager Leases => _core.Leases;

    public async ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        var sub = subPath.StartsWith("leases/", StringComparison.Ordinal) ? subPath["leases/".Length..]
            : subPath is "renew" or "revoke" || subPath.StartsWith("renew/", StringComparison.Ordinal) || subPath.StartsWith("revoke", StringComparison.Ordinal) ? subPath
            : null;
        if (sub is null)
        {
            return null;
        }

        var op = context.Operation;
        var write = op is Operation.Create or Operation.Update;
        var data = context.Request.Data;
        if (sub == "lookup" || sub.StartsWith("lookup/", StringComparison.Ordinal))
        {
            if (op == Operation.List)
            {
                var prefix = sub.Length > "lookup/".Length ? sub["lookup/".Length..].TrimEnd('/') + "/" : "";
                var keys = await Leases.ListAsync(prefix, cancellationToken).ConfigureAwait(false);
                return keys.Count == 0
                    ? SystemResponses.Of(context, LogicalResponse.NotFound())
                    : SystemResponses.Ok(context, new JsonObject { ["keys"] = SystemResponses.Array(keys) });
            }

            return write ? await LookupAsync(context, data.GetString("lease_id"), cancellationToken).ConfigureAwait(false) : SystemResponses.Unsupported(context);
        }

        if (!write)
        {
            return SystemResponses.Unsupported(context);
        }

        if (sub == "renew" || sub.StartsWith("renew/", StringComparison.Ordinal))
        {
            var id = sub.Length > "renew/".Length ? sub["renew/".Length..] : data.GetString("lease_id") ?? data.GetString("url_lease_id");
            return await RenewAsync(context, id, data.GetDuration("increment") ?? TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        if (sub.StartsWith("revoke-prefix/", StringComparison.Ordinal) || sub.StartsWith("revoke-force/", StringComparison.Ordinal))
        {
            var force = sub.StartsWith("revoke-force/", StringComparison.Ordinal);
            var prefix = sub[(force ? "revoke-force/" : "revoke-prefix/").Length..];
            var (_, error) = await Leases.RevokePrefixAsync(prefix, force, cancellationToken).ConfigureAwait(false);
            return error is null ? SystemResponses.NoContent(context) : SystemResponses.Error(context, ErrorCode.Internal, error);
        }

        if (sub == "revoke" || sub.StartsWith("revoke/", StringComparison.Ordinal))
        {
            var id = sub.Length > "revoke/".Length ? sub["revoke/".Length..] : data.GetString("lease_id") ?? data.GetString("url_lease_id");
            if (string.IsNullOrEmpty(id))
            {
                return SystemResponses.Error(context, ErrorCode.BadRequest, "lease_id is required");
            }

            var error = await Leases.RevokeAsync(id, force: false, cancellationToken).ConfigureAwait(false);
            return error is null ? SystemResponses.NoContent(context) : SystemResponses.Error(context, ErrorCode.Internal, error);
        }

        if (sub == "tidy")
        {
            await Leases.TidyAsync(cancellationToken).ConfigureAwait(false);
            return SystemResponses.NoContent(context);
        }

        return null;
    }

    private async ValueTask<CoreResponse> LookupAsync(RequestContext context, string? leaseId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(leaseId))
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "missing lease id");
        }

        var lease = await Leases.GetAsync(leaseId, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "invalid lease");
        }

        var now = _core.Clock.GetUtcNow();
        var data = new JsonObject
        {
            ["id"] = lease.LeaseId,
            ["issue_time"] = Time(lease.IssueTime),
            ["expire_time"] = Time(lease.ExpireTime),
            ["last_renewal"] = lease.LastRenewalTime is { } r ? Time(r) : null,
            ["renewable"] = lease.Renewable,
            ["ttl"] = Math.Max(0, (long)(lease.ExpireTime - now).TotalSeconds),
        };
        if (lease.LastRevokeError is not null)
        {
            data["revocation_attempts"] = lease.RevokeAttempts;
            data["revocation_error"] = lease.LastRevokeError;
            data["next_revocation_attempt"] = lease.NextRevokeAttempt is { } n ? Time(n) : null;
        }

        return SystemResponses.Ok(context, data);
    }

    private async ValueTask<CoreResponse> RenewAsync(RequestContext context, string? leaseId, TimeSpan increment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(leaseId))
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "lease_id is required");
        }

        var (lease, error) = await Leases.RenewAsync(leaseId, increment, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, error ?? "lease not found");
        }

        return new CoreResponse
        {
            Response = LogicalResponse.NoContent(),
            RequestId = context.Request.RequestId,
            LeaseId = lease.LeaseId,
            Renewable = lease.Renewable,
            LeaseDuration = Math.Max(0, (long)Math.Ceiling((lease.ExpireTime - _core.Clock.GetUtcNow()).TotalSeconds)), // a renew of 2h reports 7200, not 7199
            MountType = "system",
        };
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
}
