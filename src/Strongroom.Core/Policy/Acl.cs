using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Core.Policy;

/// <summary>
/// The access-control list of one token: its policies compiled into exact, prefix ('*' suffix)
/// and segment-wildcard ('+') rules, merged per pattern. Lookup follows Vault's ACL: an exact
/// rule wins; otherwise the highest-priority non-exact match (see <see cref="PathPriority"/>).
/// Immutable and thread-safe once built.
/// </summary>
public sealed class Acl
{
    private readonly Dictionary<string, AclPermissions> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AclPermissions> _prefix = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AclPermissions> _segment = new(StringComparer.Ordinal);

    public Acl(IEnumerable<AclPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        foreach (var policy in policies)
        {
            if (policy.IsRoot)
            {
                IsRoot = true;
                continue;
            }

            foreach (var rule in policy.Paths)
            {
                if (rule.IsTemplated)
                {
                    continue;
                }

                var table = rule.HasSegmentWildcards ? _segment : rule.IsPrefix ? _prefix : _exact;
                if (table.TryGetValue(rule.MatchPath, out var existing))
                {
                    existing.Merge(policy.Name, rule);
                }
                else
                {
                    table[rule.MatchPath] = AclPermissions.From(policy.Name, rule);
                }
            }
        }
    }

    /// <summary>True when the root policy is among the policies: everything is allowed.</summary>
    public bool IsRoot { get; }

    /// <summary>
    /// Whether any rule grants some capability at or beneath <paramref name="prefix"/> (a mount
    /// path such as "secret/"). Used to decide whether a mount is visible to a token
    /// (sys/internal/ui/mounts), never to authorise a request.
    /// </summary>
    public bool HasAnyCapabilityUnder(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (IsRoot)
        {
            return true;
        }

        static bool Grants(AclPermissions p) => !p.IsDeny && p.Capabilities != AclCapabilities.None;
        foreach (var (path, permissions) in _exact.Concat(_segment))
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && Grants(permissions))
            {
                return true;
            }
        }

        foreach (var (path, permissions) in _prefix)
        {
            if ((path.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(path, StringComparison.Ordinal)) && Grants(permissions))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Decides whether <paramref name="operation"/> on <paramref name="path"/> (full API path
    /// without "/v1/", e.g. "secret/data/app"; LIST paths may end in '/') is allowed.
    /// <paramref name="data"/> is checked against parameter constraints for create, update and
    /// patch. <paramref name="wrapTtl"/> is the requested response-wrapping TTL, if any.
    /// </summary>
    public AclDecision Check(Operation operation, string path, JsonObject? data, TimeSpan? wrapTtl = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsRoot)
        {
            return new AclDecision
            {
                Allowed = true,
                RootPrivs = true,
                IsRoot = true,
                Capabilities = AllCapabilities,
                GrantingPolicies = [AclPolicy.RootName],
            };
        }

        var (pattern, permissions) = Lookup(path.TrimStart('/'), operation == Operation.List);
        if (permissions is null)
        {
            return Denied(AclCapabilities.None, null, "no policy grants access to this path");
        }

        var capabilities = permissions.Capabilities;
        var rootPrivs = capabilities.HasFlag(AclCapabilities.Sudo);
        if (permissions.IsDeny)
        {
            return Denied(capabilities, pattern, "the path is explicitly denied by policy");
        }

        var needed = CapabilityNames.For(operation);
        if (!capabilities.HasFlag(needed))
        {
            return Denied(capabilities, pattern, $"policy does not grant the \"{CapabilityNames.ToNames(needed)[0]}\" capability", rootPrivs);
        }

        var reason = CheckWrapping(permissions, wrapTtl);
        if (reason is null && operation is Operation.Create or Operation.Update or Operation.Patch)
        {
            reason = ParameterCheck.Check(permissions, data);
        }

        if (reason is not null)
        {
            return Denied(capabilities, pattern, reason, rootPrivs);
        }

        return new AclDecision
        {
            Allowed = true,
            RootPrivs = rootPrivs,
            Capabilities = capabilities,
            MatchedPattern = pattern,
            GrantingPolicies = permissions.GrantingPolicies(needed),
        };
    }

    /// <summary>
    /// The capability names this ACL grants on <paramref name="path"/>, for sys/capabilities:
    /// sorted; ["deny"] when none or denied; ["root"] for a root ACL.
    /// </summary>
    public IReadOnlyList<string> Capabilities(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsRoot)
        {
            return [CapabilityNames.Root];
        }

        var (_, permissions) = Lookup(path.TrimStart('/'), isList: true);
        return CapabilityNames.ToNames(permissions?.Capabilities ?? AclCapabilities.None);
    }

    private const AclCapabilities AllCapabilities = AclCapabilities.Create | AclCapabilities.Read | AclCapabilities.Update
        | AclCapabilities.Patch | AclCapabilities.Delete | AclCapabilities.List | AclCapabilities.Sudo;

    private static AclDecision Denied(AclCapabilities capabilities, string? pattern, string reason, bool rootPrivs = false) =>
        new() { Capabilities = capabilities, MatchedPattern = pattern, DenialReason = reason, RootPrivs = rootPrivs };

    private static string? CheckWrapping(AclPermissions permissions, TimeSpan? wrapTtl)
    {
        if (permissions.MaxWrappingTtl > TimeSpan.Zero && (wrapTtl is null || wrapTtl > permissions.MaxWrappingTtl))
        {
            return "response wrapping with a TTL no longer than max_wrapping_ttl is required";
        }

        if (permissions.MinWrappingTtl > TimeSpan.Zero && (wrapTtl is null || wrapTtl < permissions.MinWrappingTtl))
        {
            return "response wrapping with a TTL of at least min_wrapping_ttl is required";
        }

        return permissions.MinWrappingTtl > TimeSpan.Zero && permissions.MaxWrappingTtl > TimeSpan.Zero
            && permissions.MaxWrappingTtl < permissions.MinWrappingTtl
            ? "merged policies set max_wrapping_ttl below min_wrapping_ttl"
            : null;
    }

    /// <summary>Vault's order: exact; for LIST exact without trailing '/'; then non-exact (LIST tries without '/' first).</summary>
    private (string? Pattern, AclPermissions? Permissions) Lookup(string path, bool isList)
    {
        if (_exact.TryGetValue(path, out var exact))
        {
            return (path, exact);
        }

        var trimmed = path.EndsWith('/') ? path[..^1] : path;
        if (isList && _exact.TryGetValue(trimmed, out exact))
        {
            return (trimmed, exact);
        }

        if (isList && path.EndsWith('/'))
        {
            var found = NonExact(trimmed);
            if (found.Permissions is not null)
            {
                return found;
            }
        }

        return NonExact(path);
    }

    private (string? Pattern, AclPermissions? Permissions) NonExact(string path)
    {
        PathPriority? best = null;
        AclPermissions? bestPermissions = null;
        string? longest = null;
        foreach (var prefix in _prefix.Keys)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && (longest is null || prefix.Length > longest.Length))
            {
                longest = prefix;
            }
        }

        if (longest is not null)
        {
            best = PathPriority.ForPrefix(longest);
            bestPermissions = _prefix[longest];
        }

        if (_segment.Count > 0)
        {
            var parts = path.Split('/');
            foreach (var (pattern, permissions) in _segment)
            {
                var candidate = PathPriority.MatchSegments(pattern, parts);
                if (candidate is not null && (best is null || candidate.CompareTo(best) > 0))
                {
                    (best, bestPermissions) = (candidate, permissions);
                }
            }
        }

        return (best?.Pattern, bestPermissions);
    }
}
