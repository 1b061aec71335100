namespace Strongroom.Engines.Ai;

/// <summary>The live state of one virtual key in the active server: its record plus in-flight reservations and rate window.</summary>
internal sealed class KeyState
{
    public KeyState(VirtualKeyRecord record) => Record = record;

    public VirtualKeyRecord Record { get; }

    public long ReservedTokens { get; set; }

    public double ReservedCost { get; set; }

    public int InFlight { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public long WindowRequests { get; set; }

    public long WindowTokens { get; set; }
}

/// <summary>
/// Tokens and cost held for one in-flight gateway request until it is settled (ai/gateway/reserve), or
/// a gateway's grant slice (ai/gateway/lease): a budget and request allowance that the gateway draws
/// from locally, whose drawn parts are released by settlements and whose unused part is returned.
/// </summary>
internal sealed class Reservation
{
    public required string Id { get; init; }

    public required KeyState Key { get; init; }

    public required string Provider { get; init; }

    public required string UpstreamKeyId { get; set; }

    public required string Model { get; init; }

    public required string Endpoint { get; init; }

    /// <summary>Tokens still held (for a slice: granted minus released by settlements and returns).</summary>
    public required long Tokens { get; set; }

    /// <summary>USD still held.</summary>
    public required double Cost { get; set; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>The role's day this reservation holds budget in.</summary>
    public RoleDayState? Day { get; init; }

    public bool IsSlice { get; init; }

    /// <summary>Requests of the slice's allowance still counted in the key's rate window.</summary>
    public long Requests { get; set; }

    /// <summary>The rate window the slice's requests were counted in.</summary>
    public DateTimeOffset WindowStart { get; init; }

    /// <summary>Set when the gateway returned the slice: how many requests it drew (each is settled once).</summary>
    public long? DrawnRequests { get; set; }

    public long Settled { get; set; }

    /// <summary>Upstream keys handed out with a slice (a retiring key is dropped only when no open slice holds it).</summary>
    public List<(string Provider, string KeyId)> UpstreamKeys { get; } = [];
}

/// <summary>A role's usage today plus what its in-flight requests hold.</summary>
internal sealed class RoleDayState
{
    public RoleDayState(string role, RoleDayUsage usage)
    {
        Role = role;
        Day = usage;
    }

    public string Role { get; }

    public RoleDayUsage Day { get; }

    public long ReservedTokens { get; set; }

    public double ReservedCost { get; set; }
}
