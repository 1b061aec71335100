namespace Strongroom.Server.Configuration;

/// <summary>The `listener "tcp" { ... }` block.</summary>
public sealed class ListenerConfig
{
    public string Address { get; set; } = "127.0.0.1:8200";

    public string? TlsCertFile { get; set; }

    public string? TlsKeyFile { get; set; }

    public bool TlsDisable { get; set; }
}
