using System.Text.Json.Nodes;
using Strongroom.Core.Auditing;
using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>
/// sys/audit (list), sys/audit/:path (enable/disable), sys/audit-hash/:path; and beyond Vault:
/// sys/audit-chain-key/:path (the verification key, sudo) and sys/alerts (recent alerts, sudo).
/// </summary>
internal sealed class AuditEndpoints : ISystemEndpoints
{
    private readonly StrongroomCore _core;

    public AuditEndpoints(StrongroomCore core)
    {
        _core = core;
    }

    private AuditService Audit => _core.Auditing;

    public async ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var write = op is Operation.Create or Operation.Update;
        if (subPath == "audit")
        {
            return op == Operation.Read ? SystemResponses.Ok(context, await ListAsync(cancellationToken).ConfigureAwait(false), dataAtTopLevel: true) : SystemResponses.Unsupported(context);
        }

        if (subPath.StartsWith("audit/", StringComparison.Ordinal))
        {
            var path = Normalize(subPath["audit/".Length..]);
            return op switch
            {
                Operation.Create or Operation.Update => await EnableAsync(context, path, cancellationToken).ConfigureAwait(false),
                Operation.Delete => await DisableAsync(context, path, cancellationToken).ConfigureAwait(false),
                _ => SystemResponses.Unsupported(context),
            };
        }

        if (subPath.StartsWith("audit-hash/", StringComparison.Ordinal))
        {
            if (!write)
            {
                return SystemResponses.Unsupported(context);
            }

            var input = context.Request.Data.GetString("input");
            if (input is null)
            {
                return SystemResponses.Error(context, ErrorCode.BadRequest, "the \"input\" parameter is required");
            }

            var hash = Audit.Hash(Normalize(subPath["audit-hash/".Length..]), input);
            return hash is null
                ? SystemResponses.Error(context, ErrorCode.BadRequest, "unknown audit backend")
                : SystemResponses.Ok(context, new JsonObject { ["hash"] = hash }, dataAtTopLevel: true);
        }

        if (subPath.StartsWith("audit-chain-key/", StringComparison.Ordinal))
        {
            if (op != Operation.Read)
            {
                return SystemResponses.Unsupported(context);
            }

            var key = await Audit.ChainKeyHexAsync(Normalize(subPath["audit-chain-key/".Length..]), cancellationToken).ConfigureAwait(false);
            return key is null
                ? SystemResponses.Error(context, ErrorCode.BadRequest, "unknown audit backend")
                : SystemResponses.Ok(context, new JsonObject { ["chain_key"] = key });
        }

        if (subPath == "alerts")
        {
            if (op is not (Operation.Read or Operation.List))
            {
                return SystemResponses.Unsupported(context);
            }

            var limit = context.Request.Query.TryGetValue("limit", out var l) && int.TryParse(l, global::System.Globalization.CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 1000) : 100;
            var alerts = Audit.Alerts?.Recent(limit) ?? [];
            return SystemResponses.Ok(context, new JsonObject { ["alerts"] = new JsonArray(alerts.Select(a => (JsonNode)a.ToJson()).ToArray()) });
        }

        return null;
    }

    private async ValueTask<JsonObject> ListAsync(CancellationToken cancellationToken)
    {
        var data = new JsonObject();
        var status = Audit.Devices.ToDictionary(d => d.Path, StringComparer.Ordinal);
        foreach (var device in await Audit.LoadConfigsAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = new JsonObject
            {
                ["type"] = device.Type,
                ["description"] = device.Description,
                ["options"] = new JsonObject(device.Options.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                ["local"] = device.Local,
                ["path"] = device.Path,
            };
            if (status.TryGetValue(device.Path, out var s))
            {
                entry["healthy"] = s.Healthy;
                entry["last_error"] = s.LastError;
            }

            data[device.Path] = entry;
        }

        return data;
    }

    private async ValueTask<CoreResponse> EnableAsync(RequestContext context, string path, CancellationToken cancellationToken)
    {
        var data = context.Request.Data;
        var type = data.GetString("type");
        if (string.IsNullOrEmpty(type))
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "audit device type is required");
        }

        var config = new AuditDeviceConfig
        {
            Path = path,
            Type = type,
            Description = data.GetString("description") ?? "",
            Options = data.GetStringMap("options") ?? [],
            Local = data.GetBool("local") ?? false,
        };
        var result = await Audit.EnableAsync(config, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, result.Error);
        }

        var response = LogicalResponse.NoContent();
        response.Warnings.AddRange(result.Warnings);
        return SystemResponses.Of(context, response);
    }

    private async ValueTask<CoreResponse> DisableAsync(RequestContext context, string path, CancellationToken cancellationToken)
    {
        await Audit.DisableAsync(path, cancellationToken).ConfigureAwait(false);
        return SystemResponses.NoContent(context);
    }

    private static string Normalize(string path) => path.Trim('/') + "/";
}
