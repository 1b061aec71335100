using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>sys/wrapping/wrap, lookup, unwrap, rewrap.</summary>
internal sealed class WrappingEndpoints : ISystemEndpoints
{
    private readonly StrongroomCore _core;

    public WrappingEndpoints(StrongroomCore core)
    {
        _core = core;
    }

    public async ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        if (!subPath.StartsWith("wrapping/", StringComparison.Ordinal))
        {
            return null;
        }

        if (context.Operation is not (Operation.Create or Operation.Update))
        {
            return SystemResponses.Unsupported(context);
        }

        var data = context.Request.Data;
        var token = data.GetString("token");
        if (string.IsNullOrEmpty(token))
        {
            token = context.Request.ClientToken;
        }

        switch (subPath["wrapping/".Length..])
        {
            case "lookup":
            {
                var entry = await _core.Wrapper.FindAsync(token, cancellationToken).ConfigureAwait(false);
                if (entry is null)
                {
                    return Invalid(context);
                }

                return SystemResponses.Ok(context, new JsonObject
                {
                    ["creation_path"] = entry.Meta.GetValueOrDefault("creation_path", entry.Path),
                    ["creation_time"] = entry.CreationTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
                    ["creation_ttl"] = (long)entry.CreationTtl.TotalSeconds,
                });
            }

            case "unwrap":
            {
                var envelope = await _core.Wrapper.UnwrapAsync(token, cancellationToken).ConfigureAwait(false);
                return envelope is null ? Invalid(context) : SystemResponses.Bare(context, envelope);
            }

            case "rewrap":
            {
                var entry = await _core.Wrapper.FindAsync(token, cancellationToken).ConfigureAwait(false);
                var envelope = entry is null ? null : await _core.Wrapper.UnwrapAsync(token, cancellationToken).ConfigureAwait(false);
                if (entry is null || envelope is null)
                {
                    return Invalid(context);
                }

                var inner = new CoreResponse
                {
                    Response = LogicalResponse.Ok(envelope["data"] as JsonObject),
                    RequestId = context.Request.RequestId,
                    Auth = envelope["auth"] as JsonObject,
                    MountType = "system",
                };
                return await _core.Wrapper.WrapAsync(inner, entry.CreationTtl, entry.Meta.GetValueOrDefault("creation_path", "sys/wrapping/rewrap"), cancellationToken).ConfigureAwait(false);
            }

            case "wrap":
            {
                if (context.Token is null)
                {
                    return SystemResponses.Error(context, ErrorCode.PermissionDenied, "permission denied");
                }

                var ttl = context.Request.WrapTtl ?? TimeSpan.FromMinutes(5);
                var inner = SystemResponses.Ok(context, (JsonObject)data.DeepClone());
                return await _core.Wrapper.WrapAsync(inner, ttl, "sys/wrapping/wrap", cancellationToken).ConfigureAwait(false);
            }

            default:
                return null;
        }
    }

    private static CoreResponse Invalid(RequestContext context) =>
        SystemResponses.Error(context, ErrorCode.BadRequest, "wrapping token is not valid or does not exist");
}
