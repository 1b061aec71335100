using System.Text.Json.Nodes;

namespace Strongroom.Core.Pipeline;

/// <summary>Builds Vault's JSON envelope for a successful (or data-carrying error) response.</summary>
public static class ResponseEnvelope
{
    public static JsonObject Build(CoreResponse core)
    {
        ArgumentNullException.ThrowIfNull(core);
        var response = core.Response;
        var envelope = new JsonObject
        {
            ["request_id"] = core.RequestId,
            ["lease_id"] = core.LeaseId,
            ["renewable"] = core.Renewable,
            ["lease_duration"] = core.LeaseDuration,
            ["data"] = core.WrapInfo is null ? response.Data?.DeepClone() : null,
            ["wrap_info"] = core.WrapInfo?.DeepClone(),
            ["warnings"] = response.Warnings.Count == 0 ? null : new JsonArray(response.Warnings.Select(w => (JsonNode)w).ToArray()),
            ["auth"] = core.WrapInfo is null ? core.Auth?.DeepClone() : null,
            ["mount_type"] = core.MountType,
        };
        if (core.DataAtTopLevel && response.Data is not null && core.WrapInfo is null)
        {
            foreach (var (key, value) in response.Data)
            {
                if (!envelope.ContainsKey(key))
                {
                    envelope[key] = value?.DeepClone();
                }
            }
        }

        if (response.IsError)
        {
            envelope["errors"] = new JsonArray(response.Errors.Select(e => (JsonNode)e).ToArray());
        }

        return envelope;
    }
}
