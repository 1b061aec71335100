namespace Strongroom.Injector;

/// <summary>What to inject into one pod: the validated reading of its annotations plus the injector defaults.</summary>
internal sealed record AgentSpec
{
    /// <summary>Annotation prefix the pod used for <c>agent-inject</c> (the status is written under it).</summary>
    public required string Prefix { get; init; }

    public required string Role { get; init; }

    public required string AuthType { get; init; }

    public required string AuthPath { get; init; }

    public string? Namespace { get; init; }

    public required string VaultAddress { get; init; }

    public string? CaCert { get; init; }

    public bool TlsSkipVerify { get; init; }

    public required string Image { get; init; }

    public string? CpuLimit { get; init; }

    public string? MemoryLimit { get; init; }

    public string? CpuRequest { get; init; }

    public string? MemoryRequest { get; init; }

    public long RunAsUser { get; init; }

    public long RunAsGroup { get; init; }

    /// <summary>Add the init container that renders every secret before the app starts.</summary>
    public bool PrePopulate { get; init; } = true;

    /// <summary>Only the init container, no sidecar (secrets are not refreshed).</summary>
    public bool PrePopulateOnly { get; init; }

    /// <summary>Put the init container before the pod's own init containers (and mount the secrets volume into them).</summary>
    public bool InitFirst { get; init; }

    /// <summary>Also write the agent's token to <c>/vault/secrets/token</c>.</summary>
    public bool InjectToken { get; init; }

    /// <summary>Status was <c>update</c>: replace earlier injected containers instead of adding new ones.</summary>
    public bool Update { get; init; }

    /// <summary>Kubernetes Secret mounted read-only at <c>/vault/custom</c> in the agent containers (e.g. the server CA), or null.</summary>
    public string? ExtraSecret { get; init; }

    public required IReadOnlyList<AgentSecret> Secrets { get; init; }

    /// <summary>Annotations under our prefixes that this injector does not implement (reported as warnings).</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    public bool HasSidecar => !PrePopulateOnly;

    public bool HasInit => PrePopulate || PrePopulateOnly;
}
