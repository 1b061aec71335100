namespace Strongroom.Injector;

/// <summary>
/// Start-up options of the injector. Every value can come from a flag or from the matching
/// <c>AGENT_INJECT_*</c> environment variable (Vault's vault-k8s names); the flag wins.
/// Per-pod annotations override the agent defaults held here.
/// </summary>
internal sealed record InjectorOptions
{
    public const string DefaultAgentImage = "strongroom/strongroom:0.1.0";

    /// <summary>Listen address, <c>host:port</c> or <c>:port</c> (all interfaces).</summary>
    public string Listen { get; init; } = ":8080";

    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>Vault/Strongroom address written into agent configs unless the pod's <c>service</c> annotation overrides it.</summary>
    public string? VaultAddress { get; init; }

    public string AgentImage { get; init; } = DefaultAgentImage;

    /// <summary><c>kubernetes</c> or <c>jwt</c>.</summary>
    public string AuthType { get; init; } = "kubernetes";

    /// <summary>Auth mount path; null means <c>auth/&lt;auth type&gt;</c>.</summary>
    public string? AuthPath { get; init; }

    public string? Namespace { get; init; }

    public long RunAsUser { get; init; } = 100;

    public long RunAsGroup { get; init; } = 1000;

    public string CpuLimit { get; init; } = "500m";

    public string MemoryLimit { get; init; } = "128Mi";

    public string CpuRequest { get; init; } = "250m";

    public string MemoryRequest { get; init; } = "64Mi";

    /// <summary>
    /// Malformed annotations deny the pod (true, Vault's behaviour) or admit it unchanged with an
    /// admission warning (false).
    /// </summary>
    public bool FailClosed { get; init; } = true;

    /// <summary>Emit the startup line as JSON.</summary>
    public bool JsonOutput { get; init; }
}
