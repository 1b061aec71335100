using Strongroom.Engines.Ai;

namespace Strongroom.Gateway;

/// <summary>A request admitted against a grant: where to send it and what it drew from the slice; or why it was refused.</summary>
internal readonly record struct Admission(Grant? Grant, GrantProvider? Provider, long DrawnTokens, double DrawnCost, GatewayDenial? Denial)
{
    public static Admission Refused(GatewayDenial denial) => new(null, null, 0, 0, denial);
}

/// <summary>The server's answer to a lease call: a grant, or a refusal of the key.</summary>
internal sealed record LeaseResult(Grant? Grant, GatewayDenial? Denial);
