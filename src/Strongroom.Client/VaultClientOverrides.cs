namespace Strongroom.Client;

/// <summary>Values given explicitly (e.g. on the command line); they win over the environment.</summary>
public sealed record VaultClientOverrides
{
    public string? Address { get; init; }

    public string? Token { get; init; }

    public string? Namespace { get; init; }

    public string? CaCertPath { get; init; }

    public bool? SkipVerify { get; init; }

    public string? WrapTtl { get; init; }

    public override string ToString() => $"VaultClientOverrides(Address={Address}, Token={(Token is null ? "<none>" : "<set>")})";
}
