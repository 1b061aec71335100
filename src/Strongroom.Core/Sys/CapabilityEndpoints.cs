using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Core.Tokens;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>sys/capabilities, sys/capabilities-self, sys/capabilities-accessor.</summary>
internal sealed class CapabilityEndpoints : ISystemEndpoints
{
    private readonly StrongroomCore _core;

    public CapabilityEndpoints(StrongroomCore core)
    {
        _core = core;
    }

    public async ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        if (subPath is not ("capabilities" or "capabilities-self" or "capabilities-accessor"))
        {
            return null;
        }

        if (context.Operation is not (Operation.Create or Operation.Update))
        {
            return SystemResponses.Unsupported(context);
        }

        var data = context.Request.Data;
        var paths = data.GetStringList("paths") ?? [];
        if (data.GetString("path") is { Length: > 0 } single)
        {
            paths.Add(single);
        }

        if (paths.Count == 0)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "missing paths");
        }

        TokenEntry? target;
        switch (subPath)
        {
            case "capabilities-self":
                target = context.Token;
                break;
            case "capabilities":
                var token = data.GetString("token");
                if (string.IsNullOrEmpty(token))
                {
                    return SystemResponses.Error(context, ErrorCode.BadRequest, "missing token");
                }

                target = await _core.Tokens.LookupAsync(token, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var accessor = data.GetString("accessor");
                if (string.IsNullOrEmpty(accessor))
                {
                    return SystemResponses.Error(context, ErrorCode.BadRequest, "missing accessor");
                }

                target = await _core.Tokens.LookupByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false);
                break;
        }

        if (target is null)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, subPath == "capabilities-accessor" ? "invalid accessor" : "invalid token");
        }

        var acl = await _core.Policies.BuildAclAsync(target.Policies, cancellationToken).ConfigureAwait(false);
        var result = new JsonObject();
        var all = new List<string>();
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            var caps = acl.Capabilities(path.TrimStart('/'));
            result[path] = SystemResponses.Array(caps);
            all.AddRange(caps);
        }

        if (paths.Count == 1)
        {
            result["capabilities"] = SystemResponses.Array(acl.Capabilities(paths[0].TrimStart('/')));
        }
        else
        {
            result["capabilities"] = SystemResponses.Array(all.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        }

        return SystemResponses.Ok(context, result, dataAtTopLevel: true);
    }
}
