using System.Text.Json.Nodes;

namespace Strongroom.Core.Policy;

/// <summary>
/// The merged permissions of every rule with the same path pattern across a token's policies,
/// merged exactly as Vault's NewACL does: deny absorbs everything; otherwise capabilities are
/// unioned, the lower of each wrapping TTL wins, parameter maps are merged key by key (an empty
/// value list — "any value" — wins over a populated one, populated lists are concatenated), and
/// required parameters are unioned.
/// </summary>
internal sealed class AclPermissions
{
    private readonly List<(string Policy, AclCapabilities Capabilities)> _grants = [];

    public AclCapabilities Capabilities { get; private set; }

    public TimeSpan MinWrappingTtl { get; private set; }

    public TimeSpan MaxWrappingTtl { get; private set; }

    public Dictionary<string, List<JsonNode?>>? AllowedParameters { get; private set; }

    public Dictionary<string, List<JsonNode?>>? DeniedParameters { get; private set; }

    public List<string> RequiredParameters { get; } = [];

    public bool IsDeny => Capabilities.HasFlag(AclCapabilities.Deny);

    public static AclPermissions From(string policy, PathRule rule)
    {
        var permissions = new AclPermissions
        {
            Capabilities = rule.Capabilities,
            MinWrappingTtl = rule.MinWrappingTtl,
            MaxWrappingTtl = rule.MaxWrappingTtl,
            AllowedParameters = Copy(rule.AllowedParameters),
            DeniedParameters = Copy(rule.DeniedParameters),
        };
        permissions.RequiredParameters.AddRange(rule.RequiredParameters);
        permissions._grants.Add((policy, rule.Capabilities));
        return permissions;
    }

    /// <summary>Policies whose rule for this pattern granted <paramref name="capability"/>, in order.</summary>
    public IReadOnlyList<string> GrantingPolicies(AclCapabilities capability) =>
        _grants.Where(g => (g.Capabilities & capability) != 0).Select(g => g.Policy).Distinct(StringComparer.Ordinal).ToList();

    public void Merge(string policy, PathRule rule)
    {
        if (IsDeny)
        {
            return;
        }

        if (rule.Capabilities.HasFlag(AclCapabilities.Deny))
        {
            Capabilities = AclCapabilities.Deny;
            AllowedParameters = null;
            DeniedParameters = null;
            return;
        }

        Capabilities |= rule.Capabilities;
        _grants.Add((policy, rule.Capabilities));
        if (rule.MaxWrappingTtl > TimeSpan.Zero && (MaxWrappingTtl == TimeSpan.Zero || rule.MaxWrappingTtl < MaxWrappingTtl))
        {
            MaxWrappingTtl = rule.MaxWrappingTtl;
        }

        if (rule.MinWrappingTtl > TimeSpan.Zero && (MinWrappingTtl == TimeSpan.Zero || rule.MinWrappingTtl < MinWrappingTtl))
        {
            MinWrappingTtl = rule.MinWrappingTtl;
        }

        AllowedParameters = MergeParameters(AllowedParameters, rule.AllowedParameters);
        DeniedParameters = MergeParameters(DeniedParameters, rule.DeniedParameters);
        foreach (var name in rule.RequiredParameters)
        {
            if (!RequiredParameters.Contains(name, StringComparer.Ordinal))
            {
                RequiredParameters.Add(name);
            }
        }
    }

    private static Dictionary<string, List<JsonNode?>>? MergeParameters(
        Dictionary<string, List<JsonNode?>>? existing, IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>>? incoming)
    {
        if (incoming is null || incoming.Count == 0)
        {
            return existing;
        }

        if (existing is null)
        {
            return Copy(incoming);
        }

        foreach (var (key, values) in incoming)
        {
            var had = existing.TryGetValue(key, out var current);
            if (values.Count == 0 || (had && current!.Count == 0))
            {
                existing[key] = [];
            }
            else
            {
                var merged = values.Select(v => v?.DeepClone()).ToList();
                if (had)
                {
                    merged.AddRange(current!);
                }

                existing[key] = merged;
            }
        }

        return existing;
    }

    private static Dictionary<string, List<JsonNode?>>? Copy(IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>>? source) =>
        source?.ToDictionary(kv => kv.Key, kv => kv.Value.Select(v => v?.DeepClone()).ToList(), StringComparer.Ordinal);
}
