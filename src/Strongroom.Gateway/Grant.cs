using Strongroom.Engines.Ai;

namespace Strongroom.Gateway;

/// <summary>
/// What the server granted a gateway for one virtual key (ai/gateway/lease): the role's rules, its
/// providers with one upstream key each, prices, and a budget slice valid until <see cref="ValidUntil"/>.
/// The remaining counters are drawn down locally, under the owning <see cref="GrantCache"/> entry's lock.
/// A negative amount means the role does not limit it.
/// </summary>
internal sealed class Grant
{
    public required string SliceId { get; init; }

    public required string Accessor { get; init; }

    public required string Role { get; init; }

    public required DateTimeOffset Issued { get; init; }

    public required DateTimeOffset ValidUntil { get; init; }

    public required long DefaultMaxTokens { get; init; }

    public required IReadOnlyList<string> AllowedModels { get; init; }

    public required IReadOnlyList<string> AllowedEndpoints { get; init; }

    public required IReadOnlyList<string> AllowedCidrs { get; init; }

    public required IReadOnlyList<GrantProvider> Providers { get; init; }

    /// <summary>Model glob and USD per million input/output tokens, longest glob first.</summary>
    public required IReadOnlyList<(string Model, double Input, double Output)> Prices { get; init; }

    public required long GrantedTokens { get; init; }

    public required double GrantedCost { get; init; }

    public required long GrantedRequests { get; init; }

    public long Tokens { get; set; }

    public double Cost { get; set; }

    public long Requests { get; set; }

    /// <summary>Requests drawn from this slice; each is settled exactly once.</summary>
    public long DrawnRequests { get; set; }

    /// <summary>USD a request of this model may cost at most (0 when unpriced or the role has no cost budget).</summary>
    public double Price(string model, long prompt, long completion)
    {
        if (GrantedCost < 0)
        {
            return 0;
        }

        foreach (var (pattern, input, output) in Prices)
        {
            if (ModelGlob.Matches(pattern, model))
            {
                return ((prompt * input) + (completion * output)) / 1_000_000d;
            }
        }

        return 0;
    }

    /// <summary>What this slice still holds, for returning it to the server.</summary>
    public SliceReturn ToReturn() => new(SliceId, Math.Max(0, Tokens), Math.Max(0, Cost), Math.Max(0, Requests), DrawnRequests);
}
