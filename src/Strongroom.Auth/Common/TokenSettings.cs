using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Auth.Common;

/// <summary>
/// The common token fields every role/user carries (Vault's tokenutil): token_policies, token_ttl,
/// token_max_ttl, token_explicit_max_ttl, token_period, token_num_uses, token_bound_cidrs,
/// token_no_default_policy, token_type. Stored inside each role record.
/// </summary>
internal sealed class TokenSettings
{
    public List<string> TokenPolicies { get; set; } = [];

    public TimeSpan TokenTtl { get; set; }

    public TimeSpan TokenMaxTtl { get; set; }

    public TimeSpan TokenExplicitMaxTtl { get; set; }

    public TimeSpan TokenPeriod { get; set; }

    public int TokenNumUses { get; set; }

    public List<string> TokenBoundCidrs { get; set; } = [];

    public bool TokenNoDefaultPolicy { get; set; }

    public string TokenType { get; set; } = "default";

    /// <summary>
    /// Applies the token fields present in <paramref name="data"/> (absent fields keep their value).
    /// <paramref name="legacyAliases"/> also accepts the deprecated ttl, max_ttl, num_uses and bound_cidrs
    /// names; "policies" and "period" are always accepted. Returns an error message or null.
    /// Throws <see cref="FieldException"/> for wrongly typed fields.
    /// </summary>
    public string? Apply(JsonObject data, bool legacyAliases)
    {
        ArgumentNullException.ThrowIfNull(data);
        TokenPolicies = Normalize(data.GetStringList("token_policies") ?? data.GetStringList("policies")) ?? TokenPolicies;
        TokenPeriod = data.GetDuration("token_period") ?? data.GetDuration("period") ?? TokenPeriod;
        TokenTtl = data.GetDuration("token_ttl") ?? (legacyAliases ? data.GetDuration("ttl") : null) ?? TokenTtl;
        TokenMaxTtl = data.GetDuration("token_max_ttl") ?? (legacyAliases ? data.GetDuration("max_ttl") : null) ?? TokenMaxTtl;
        TokenExplicitMaxTtl = data.GetDuration("token_explicit_max_ttl") ?? TokenExplicitMaxTtl;
        var numUses = data.GetInt("token_num_uses") ?? (legacyAliases ? data.GetInt("num_uses") : null);
        if (numUses is { } n)
        {
            if (n is < 0 or > int.MaxValue)
            {
                return "token_num_uses cannot be negative";
            }

            TokenNumUses = (int)n;
        }

        var cidrs = data.GetStringList("token_bound_cidrs")
            ?? (legacyAliases ? data.GetStringList("bound_cidrs") : null)
            ?? data.GetStringList("bound_cidr_list");
        if (cidrs is not null)
        {
            if (Cidr.FirstInvalid(cidrs) is { } bad)
            {
                return $"invalid CIDR block in token_bound_cidrs: \"{bad}\"";
            }

            TokenBoundCidrs = cidrs;
        }

        TokenNoDefaultPolicy = data.GetBool("token_no_default_policy") ?? TokenNoDefaultPolicy;
        var type = data.GetString("token_type");
        if (type is not null)
        {
            switch (type)
            {
                case "" or "default" or "service" or "default-service":
                    TokenType = type.Length == 0 ? "default" : type;
                    break;
                case "batch" or "default-batch":
                    return "batch tokens are not supported; use token_type \"service\"";
                default:
                    return $"invalid token_type \"{type}\"";
            }
        }

        if (TokenMaxTtl > TimeSpan.Zero && TokenTtl > TokenMaxTtl)
        {
            return "\"token_ttl\" value must be less than or equal to \"token_max_ttl\" value";
        }

        return null;
    }

    /// <summary>Writes the token fields into a read response, like Vault (durations in seconds).</summary>
    public void WriteTo(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data["token_policies"] = ToArray(TokenPolicies);
        data["policies"] = ToArray(TokenPolicies);
        data["token_ttl"] = (long)TokenTtl.TotalSeconds;
        data["token_max_ttl"] = (long)TokenMaxTtl.TotalSeconds;
        data["token_explicit_max_ttl"] = (long)TokenExplicitMaxTtl.TotalSeconds;
        data["token_period"] = (long)TokenPeriod.TotalSeconds;
        data["period"] = (long)TokenPeriod.TotalSeconds;
        data["token_num_uses"] = TokenNumUses;
        data["token_bound_cidrs"] = ToArray(TokenBoundCidrs);
        data["token_no_default_policy"] = TokenNoDefaultPolicy;
        data["token_type"] = TokenType;
    }

    /// <summary>Builds the login result from these settings; the core creates the token.</summary>
    public AuthResult ToAuthResult(
        string displayName,
        string aliasName,
        Dictionary<string, string> metadata,
        Dictionary<string, string> internalData,
        List<string>? boundCidrsOverride = null)
    {
        var max = TokenMaxTtl;
        if (TokenExplicitMaxTtl > TimeSpan.Zero && (max == TimeSpan.Zero || TokenExplicitMaxTtl < max))
        {
            max = TokenExplicitMaxTtl;
        }

        return new AuthResult
        {
            Policies = [.. TokenPolicies],
            DisplayName = displayName,
            Metadata = metadata,
            Ttl = TokenTtl,
            MaxTtl = max,
            Period = TokenPeriod,
            NumUses = TokenNumUses,
            BoundCidrs = boundCidrsOverride is { Count: > 0 } ? boundCidrsOverride : [.. TokenBoundCidrs],
            AliasName = aliasName,
            InternalData = internalData,
        };
    }

    public static JsonArray ToArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static List<string>? Normalize(List<string>? policies) =>
        policies?.Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
