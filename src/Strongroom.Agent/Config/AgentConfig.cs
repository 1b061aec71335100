namespace Strongroom.Agent.Config;

// The agent's configuration, the shape of Vault Agent's (one file: these records are one schema).

/// <summary>The whole configuration, after merging every -config file.</summary>
public sealed record AgentConfig
{
    public VaultConfig Vault { get; init; } = new();

    public AutoAuthConfig? AutoAuth { get; init; }

    public IReadOnlyList<TemplateConfig> Templates { get; init; } = [];

    public TemplateGlobalConfig TemplateConfig { get; init; } = new();

    public ExecConfig? Exec { get; init; }

    public IReadOnlyList<EnvTemplateConfig> EnvTemplates { get; init; } = [];

    public ApiProxyConfig? ApiProxy { get; init; }

    public IReadOnlyList<ListenerConfig> Listeners { get; init; } = [];

    public bool ExitAfterAuth { get; init; }

    public string? PidFile { get; init; }
}

/// <summary>vault { address, ca_cert, tls_skip_verify, retry { num_retries, backoff, max_backoff } }.</summary>
public sealed record VaultConfig
{
    public string? Address { get; init; }

    public string? CaCert { get; init; }

    public bool TlsSkipVerify { get; init; }

    /// <summary>Attempts after the first failure before giving up (Vault's default 12; -1 = forever).</summary>
    public int NumRetries { get; init; } = 12;

    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>auto_auth { method "type" { mount_path, config = {...} } sink "file" { ... } }.</summary>
public sealed record AutoAuthConfig
{
    public required string MethodType { get; init; }

    /// <summary>e.g. auth/approle (default auth/&lt;type&gt;).</summary>
    public required string MountPath { get; init; }

    /// <summary>The method's config map; values as strings (bools as "true"/"false").</summary>
    public IReadOnlyDictionary<string, string> MethodConfig { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<SinkConfig> Sinks { get; init; } = [];
}

/// <summary>sink "file" { wrap_ttl, config = { path, mode } }.</summary>
public sealed record SinkConfig
{
    public required string Path { get; init; }

    /// <summary>Unix mode of the token file (Vault's default 0640).</summary>
    public UnixFileMode Mode { get; init; } = (UnixFileMode)Convert.ToInt32("640", 8);

    public TimeSpan? WrapTtl { get; init; }
}

/// <summary>template { source | contents, destination, perms, command, error_on_missing_key, delimiters }.</summary>
public sealed record TemplateConfig
{
    public string? Source { get; init; }

    public string? Contents { get; init; }

    public required string Destination { get; init; }

    /// <summary>Unix mode of the rendered file; 0400 by default (secrets readable by the owner only).</summary>
    public UnixFileMode Perms { get; init; } = UnixFileMode.UserRead;

    /// <summary>Run after the file changed: one string runs through /bin/sh -c, a list runs directly.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public bool CommandIsShell { get; init; }

    public bool ErrorOnMissingKey { get; init; }

    public string LeftDelimiter { get; init; } = "{{";

    public string RightDelimiter { get; init; } = "}}";

    /// <summary>The name used in error messages: the source file, or the destination.</summary>
    public string Name => Source ?? Destination;
}

/// <summary>template_config { static_secret_render_interval, exit_on_retry_failure }.</summary>
public sealed record TemplateGlobalConfig
{
    public TimeSpan StaticSecretRenderInterval { get; init; } = TimeSpan.FromMinutes(5);

    public bool ExitOnRetryFailure { get; init; }
}

/// <summary>exec { command, restart_on_secret_changes, restart_stop_signal }.</summary>
public sealed record ExecConfig
{
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>"always" (default) or "never".</summary>
    public string RestartOnSecretChanges { get; init; } = "always";

    public string RestartStopSignal { get; init; } = "SIGTERM";
}

/// <summary>env_template "NAME" { contents, error_on_missing_key }.</summary>
public sealed record EnvTemplateConfig
{
    public required string Name { get; init; }

    public required string Contents { get; init; }

    public bool ErrorOnMissingKey { get; init; }
}

/// <summary>api_proxy { use_auto_auth_token }.</summary>
public sealed record ApiProxyConfig
{
    /// <summary>true: add the auto-auth token when the request has none; "force": always replace it.</summary>
    public bool UseAutoAuthToken { get; init; }

    public bool Force { get; init; }
}

/// <summary>listener "tcp" { address, tls_disable }.</summary>
public sealed record ListenerConfig
{
    public string Address { get; init; } = "127.0.0.1:8100";

    public bool TlsDisable { get; init; }

    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }
}
