namespace Strongroom.Core.Policy;

/// <summary>
/// The outcome of <see cref="Acl.Check"/>. <see cref="DenialReason"/> names what failed (rule,
/// capability, parameter name) but never a request value.
/// </summary>
public sealed class AclDecision
{
    public bool Allowed { get; init; }

    /// <summary>The matched rule grants sudo (or the token is root): root-protected paths are allowed.</summary>
    public bool RootPrivs { get; init; }

    /// <summary>The ACL holds the root policy.</summary>
    public bool IsRoot { get; init; }

    /// <summary>Capabilities of the matched rule (merged across policies); None when nothing matched.</summary>
    public AclCapabilities Capabilities { get; init; }

    /// <summary>The pattern of the rule that decided, e.g. "secret/+/teamb/*"; null when none matched or root.</summary>
    public string? MatchedPattern { get; init; }

    /// <summary>Policies whose rule granted the operation's capability (for audit); ["root"] for root.</summary>
    public IReadOnlyList<string> GrantingPolicies { get; init; } = [];

    /// <summary>Why the request was denied; null when allowed.</summary>
    public string? DenialReason { get; init; }

    /// <summary>Sudo, derived from <see cref="RootPrivs"/>.</summary>
    public bool Sudo => RootPrivs;

    public override string ToString() => Allowed ? $"Allowed({Capabilities})" : $"Denied({DenialReason})";
}
