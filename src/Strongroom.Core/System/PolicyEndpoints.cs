using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Core.Policy;
using Strongroom.Sdk;

namespace Strongroom.Core.System;

/// <summary>sys/policies/acl(/:name) and the legacy sys/policy(/:name).</summary>
internal sealed class PolicyEndpoints : ISystemEndpoints
{
    private readonly StrongroomCore _core;

    public PolicyEndpoints(StrongroomCore core)
    {
        _core = core;
    }

    public async ValueTask<bool?> ExistsAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        var name = NameOf(subPath);
        return name is null ? null : await _core.Policies.GetAsync(name, cancellationToken).ConfigureAwait(false) is not null;
    }

    public async ValueTask<CoreResponse?> TryHandleAsync(string subPath, RequestContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var legacy = subPath == "policy" || subPath.StartsWith("policy/", StringComparison.Ordinal);
        if (subPath is "policy" or "policies/acl")
        {
            if (op is not Operation.Read and not Operation.List)
            {
                return SystemResponses.Unsupported(context);
            }

            var names = await _core.Policies.ListAsync(cancellationToken).ConfigureAwait(false);
            var data = new JsonObject { ["keys"] = SystemResponses.Array(names) };
            if (legacy)
            {
                data["policies"] = SystemResponses.Array(names);
            }

            return SystemResponses.Ok(context, data, dataAtTopLevel: legacy);
        }

        var name = NameOf(subPath);
        if (name is null)
        {
            return null;
        }

        return op switch
        {
            Operation.Read => await ReadAsync(context, name, legacy, cancellationToken).ConfigureAwait(false),
            Operation.Create or Operation.Update => await WriteAsync(context, name, legacy, cancellationToken).ConfigureAwait(false),
            Operation.Delete => await DeleteAsync(context, name, cancellationToken).ConfigureAwait(false),
            _ => SystemResponses.Unsupported(context),
        };
    }

    private static string? NameOf(string subPath)
    {
        foreach (var prefix in new[] { "policies/acl/", "policy/" })
        {
            if (subPath.StartsWith(prefix, StringComparison.Ordinal) && subPath.Length > prefix.Length)
            {
                return subPath[prefix.Length..].ToLowerInvariant();
            }
        }

        return null;
    }

    private async ValueTask<CoreResponse> ReadAsync(RequestContext context, string name, bool legacy, CancellationToken cancellationToken)
    {
        var stored = await _core.Policies.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return SystemResponses.Error(context, ErrorCode.NotFound, $"policy \"{name}\" not found");
        }

        var data = new JsonObject { ["name"] = name };
        if (legacy)
        {
            data["rules"] = stored.Value.Text;
        }
        else
        {
            data["policy"] = stored.Value.Text;
        }

        return SystemResponses.Ok(context, data, dataAtTopLevel: legacy);
    }

    private async ValueTask<CoreResponse> WriteAsync(RequestContext context, string name, bool legacy, CancellationToken cancellationToken)
    {
        var data = context.Request.Data;
        var text = data.GetString("policy") ?? (legacy ? data.GetString("rules") : null);
        if (string.IsNullOrWhiteSpace(text))
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "'policy' parameter not supplied or empty");
        }

        try
        {
            await _core.Policies.PutAsync(name, text, cancellationToken).ConfigureAwait(false);
        }
        catch (PolicyParseException ex)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, "failed to parse policy: " + ex.Message);
        }
        catch (ArgumentException ex)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, ex.Message);
        }

        return SystemResponses.NoContent(context);
    }

    private async ValueTask<CoreResponse> DeleteAsync(RequestContext context, string name, CancellationToken cancellationToken)
    {
        if (name is "root" or "default")
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, $"cannot delete \"{name}\" policy");
        }

        await _core.Policies.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        return SystemResponses.NoContent(context);
    }
}
