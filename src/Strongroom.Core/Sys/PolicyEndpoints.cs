using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

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
            data["rules"] = stored.Raw;
        }
        else
        {
            data["policy"] = stored.Raw;
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

        text = DecodeIfBase64(text);
        var result = await _core.Policies.PutAsync(name, text, cancellationToken).ConfigureAwait(false);
        if (result.ToErrorResponse() is { } error)
        {
            return SystemResponses.Of(context, error);
        }

        return SystemResponses.NoContent(context);
    }

    /// <summary>Vault accepts the policy body base64-encoded; a plain HCL/JSON policy never decodes to valid UTF-8 text of this shape.</summary>
    private static string DecodeIfBase64(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 8 || trimmed.Length % 4 != 0 || trimmed.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')))
        {
            return text;
        }

        var buffer = new byte[trimmed.Length];
        if (!Convert.TryFromBase64String(trimmed, buffer, out var written))
        {
            return text;
        }

        try
        {
            var decoded = new global::System.Text.UTF8Encoding(false, true).GetString(buffer, 0, written);
            return decoded.Contains("path", StringComparison.Ordinal) || decoded.TrimStart().StartsWith('{') ? decoded : text;
        }
        catch (global::System.Text.DecoderFallbackException)
        {
            return text;
        }
    }

    private async ValueTask<CoreResponse> DeleteAsync(RequestContext context, string name, CancellationToken cancellationToken)
    {
        if (name is "root" or "default")
        {
            return SystemResponses.Error(context, ErrorCode.BadRequest, $"cannot delete \"{name}\" policy");
        }

        var result = await _core.Policies.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        return result.ToErrorResponse() is { } error ? SystemResponses.Of(context, error) : SystemResponses.NoContent(context);
    }
}
