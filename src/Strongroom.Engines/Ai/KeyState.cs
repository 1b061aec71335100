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

/// <summary>Tokens and cost held for one in-flight gateway request until it is settled.</summary>
internal sealed class Reservation
{
    public required string Id { get; init; }

    public required KeyState Key { get; init; }

    public required string Provider { get; init; }

    public required string UpstreamKeyId { get; set; }

    public required string Model { get; init; }

    public required string Endpoint { get; init; }

    public required long Tokens { get; init; }

    public required double Cost { get; init; }

    public required DateTimeOffset Created { get; init; }
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
