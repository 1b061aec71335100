using System.Net;

namespace Strongroom.Engines.Ai;

/// <summary>
/// The per-request checks of a gateway call that depend only on the role (endpoint, model, client
/// address) and which provider serves a request. The server applies them on ai/gateway/reserve; the
/// gateway applies the same code (compiled in by link) to requests it decides locally from a grant.
/// </summary>
internal static class GatewayRules
{
    /// <summary>Endpoint, model and CIDR checks; null when allowed.</summary>
    public static GatewayDenial? Check(string role, IReadOnlyCollection<string> allowedEndpoints, IReadOnlyList<string> allowedModels,
        IReadOnlyList<string> allowedCidrs, string endpoint, string model, string? remote)
    {
        if (allowedEndpoints.Count > 0 && !allowedEndpoints.Contains(endpoint))
        {
            return GatewayDenial.Forbidden("endpoint_not_allowed", $"the {endpoint} endpoint is not allowed for role \"{role}\"");
        }

        if (endpoint != "models" && model.Length == 0)
        {
            return new GatewayDenial(400, "invalid_request_error", "model is required");
        }

        if (endpoint != "models" && !ModelGlob.AnyMatch(allowedModels, model))
        {
            return GatewayDenial.Forbidden("model_not_allowed", $"model \"{model}\" is not allowed for role \"{role}\"");
        }

        if (allowedCidrs.Count > 0)
        {
            if (remote is null || !IPAddress.TryParse(remote, out var ip))
            {
                return GatewayDenial.Forbidden("cidr_not_allowed", "client address unknown and the role restricts CIDRs");
            }

            ip = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
            if (!allowedCidrs.Any(c => IPNetwork.TryParse(c, out var net) && net.Contains(ip)))
            {
                return GatewayDenial.Forbidden("cidr_not_allowed", $"client address {ip} is not in the role's allowed_cidrs");
            }
        }

        return null;
    }

    /// <summary>Anthropic speaks /v1/messages; every other type speaks the OpenAI wire format.</summary>
    public static bool Serves(string providerType, string endpoint) =>
        endpoint == "models" || (providerType == "anthropic" ? endpoint == "messages" : endpoint != "messages");

    /// <summary>Whether a provider (its type and served model globs) takes this request.</summary>
    public static bool Serves(string providerType, IReadOnlyList<string> models, string endpoint, string model) =>
        Serves(providerType, endpoint) && (model.Length == 0 || ModelGlob.AnyMatch(models, model));

    /// <summary>Tokens a request holds until settled: prompt estimate plus declared (or default) max tokens; embeddings and models hold no completion.</summary>
    public static long CompletionReserve(string endpoint, long? maxTokens, long defaultMaxTokens) =>
        endpoint is "embeddings" or "models" ? 0 : maxTokens ?? defaultMaxTokens;
}
