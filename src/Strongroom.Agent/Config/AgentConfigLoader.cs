using System.Globalization;
using Strongroom.Core.Hcl;
using Strongroom.Sdk;

namespace Strongroom.Agent.Config;

/// <summary>
/// Reads Vault Agent-shaped HCL. Several files merge: blocks accumulate (templates, sinks, listeners),
/// single blocks and attributes from a later file win. Unknown top-level blocks are errors.
/// </summary>
public static class AgentConfigLoader
{
    private static readonly HashSet<string> KnownTopLevel = new(StringComparer.Ordinal)
    {
        "vault", "auto_auth", "template", "template_config", "exec", "env_template", "api_proxy", "listener",
        "exit_after_auth", "pid_file", "cache", "log_level", "log_file",
    };

    public static AgentConfig LoadFiles(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = new List<(string Name, string Text)>();
        foreach (var path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new AgentConfigException($"{path}: cannot read the configuration file: {e.Message}", e);
            }

            sources.Add((path, text));
        }

        return Load(sources);
    }

    public static AgentConfig Load(IReadOnlyList<(string Name, string Text)> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var config = new AgentConfig();
        foreach (var (name, text) in sources)
        {
            try
            {
                config = Merge(config, HclParser.Parse(text), Path.GetDirectoryName(Path.GetFullPath(name)) ?? ".");
            }
            catch (HclParseException e)
            {
                throw new AgentConfigException($"{name}:{e.Line}:{e.Column}: {e.Reason}", e);
            }
            catch (AgentConfigException e)
            {
                throw new AgentConfigException($"{name}: {e.Message}", e);
            }
        }

        Validate(config);
        return config;
    }

    private static AgentConfig Merge(AgentConfig config, HclBody body, string baseDirectory)
    {
        foreach (var (name, _) in body.Attributes)
        {
            if (!KnownTopLevel.Contains(name))
            {
                throw new AgentConfigException($"unknown setting \"{name}\"");
            }
        }

        foreach (var block in body.Blocks)
        {
            if (!KnownTopLevel.Contains(block.Type))
            {
                throw new AgentConfigException($"{block.Line}:{block.Column}: unknown block \"{block.Type}\"");
            }
        }

        var vault = body.BlocksOfType("vault").LastOrDefault() is { } v ? ReadVault(v.Body, config.Vault) : config.Vault;
        var autoAuth = body.BlocksOfType("auto_auth").LastOrDefault() is { } a ? ReadAutoAuth(a) : config.AutoAuth;
        var templates = config.Templates.Concat(body.BlocksOfType("template").Select(t => ReadTemplate(t, baseDirectory))).ToList();
        var templateConfig = body.BlocksOfType("template_config").LastOrDefault() is { } tc ? ReadTemplateConfig(tc.Body, config.TemplateConfig) : config.TemplateConfig;
        var exec = body.BlocksOfType("exec").LastOrDefault() is { } e ? ReadExec(e) : config.Exec;
        var envTemplates = config.EnvTemplates.Concat(body.BlocksOfType("env_template").Select(ReadEnvTemplate)).ToList();
        var apiProxy = body.BlocksOfType("api_proxy").LastOrDefault() is { } p ? ReadApiProxy(p.Body) : config.ApiProxy;
        var listeners = config.Listeners.Concat(body.BlocksOfType("listener").Select(ReadListener)).ToList();
        return config with
        {
            Vault = vault,
            AutoAuth = autoAuth,
            Templates = templates,
            TemplateConfig = templateConfig,
            Exec = exec,
            EnvTemplates = envTemplates,
            ApiProxy = apiProxy,
            Listeners = listeners,
            ExitAfterAuth = body.Attribute("exit_after_auth")?.GetBool() ?? config.ExitAfterAuth,
            PidFile = body.Attribute("pid_file")?.GetString() ?? config.PidFile,
        };
    }

    private static VaultConfig ReadVault(HclBody body, VaultConfig current)
    {
        var retry = body.BlocksOfType("retry").LastOrDefault()?.Body;
        return current with
        {
            Address = body.Attribute("address")?.GetString() ?? current.Address,
            CaCert = body.Attribute("ca_cert")?.GetString() ?? current.CaCert,
            TlsSkipVerify = Bool(body.Attribute("tls_skip_verify")) ?? current.TlsSkipVerify,
            NumRetries = retry?.Attribute("num_retries") is { } n ? checked((int)n.GetInt64()) : current.NumRetries,
            Backoff = Duration(retry?.Attribute("backoff"), "retry.backoff") ?? current.Backoff,
            MaxBackoff = Duration(retry?.Attribute("max_backoff"), "retry.max_backoff") ?? current.MaxBackoff,
        };
    }

    private static AutoAuthConfig ReadAutoAuth(HclBlock block)
    {
        var methods = block.Body.BlocksOfType("method").ToList();
        if (methods.Count != 1)
        {
            throw new AgentConfigException($"{block.Line}:{block.Column}: auto_auth needs exactly one method block");
        }

        var method = methods[0];
        var type = method.Label ?? method.Body.Attribute("type")?.GetString()
            ?? throw new AgentConfigException($"{method.Line}:{method.Column}: method needs a type (method \"approle\" {{ ... }})");
        if (type is not ("approle" or "kubernetes" or "jwt" or "token_file"))
        {
            throw new AgentConfigException($"{method.Line}:{method.Column}: unsupported auto_auth method \"{type}\" (approle, kubernetes, jwt, token_file)");
        }

        var mount = method.Body.Attribute("mount_path")?.GetString() ?? "auth/" + type;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var configValue = method.Body.Attribute("config");
        var configBlock = method.Body.BlocksOfType("config").LastOrDefault();
        var members = configValue?.Members ?? configBlock?.Body.Attributes;
        foreach (var (key, value) in members ?? new Dictionary<string, HclValue>())
        {
            settings[key] = value.Kind switch
            {
                HclValueKind.String => value.GetString(),
                HclValueKind.Bool => value.GetBool() ? "true" : "false",
                HclValueKind.Number => value.NumberText,
                _ => throw new AgentConfigException($"{value.Line}:{value.Column}: method config \"{key}\" must be a string, number or bool"),
            };
        }

        var sinks = new List<SinkConfig>();
        foreach (var sink in block.Body.BlocksOfType("sink"))
        {
            var sinkType = sink.Label ?? sink.Body.Attribute("type")?.GetString() ?? "file";
            if (sinkType != "file")
            {
                throw new AgentConfigException($"{sink.Line}:{sink.Column}: unsupported sink type \"{sinkType}\" (file)");
            }

            var sinkConfig = sink.Body.Attribute("config")?.Members ?? sink.Body.BlocksOfType("config").LastOrDefault()?.Body.Attributes
                ?? throw new AgentConfigException($"{sink.Line}:{sink.Column}: sink needs config = {{ path = \"...\" }}");
            var path = sinkConfig.TryGetValue("path", out var p) ? p.GetString() : throw new AgentConfigException($"{sink.Line}:{sink.Column}: sink config needs a path");
            sinks.Add(new SinkConfig
            {
                Path = path,
                Mode = sinkConfig.TryGetValue("mode", out var m) ? Mode(m) : new SinkConfig { Path = path }.Mode,
                WrapTtl = Duration(sink.Body.Attribute("wrap_ttl"), "wrap_ttl"),
            });
        }

        return new AutoAuthConfig { MethodType = type, MountPath = mount.Trim('/'), MethodConfig = settings, Sinks = sinks };
    }

    private static TemplateConfig ReadTemplate(HclBlock block, string baseDirectory)
    {
        var body = block.Body;
        var source = body.Attribute("source")?.GetString();
        var contents = body.Attribute("contents")?.GetString();
        if ((source is null) == (contents is null))
        {
            throw new AgentConfigException($"{block.Line}:{block.Column}: template needs exactly one of source or contents");
        }

        var destination = body.Attribute("destination")?.GetString()
            ?? throw new AgentConfigException($"{block.Line}:{block.Column}: template needs a destination");
        var command = body.Attribute("command");
        IReadOnlyList<string>? commandList = command?.Kind switch
        {
            null => null,
            HclValueKind.String => [command.GetString()],
            HclValueKind.List => command.Items.Select(i => i.GetString()).ToList(),
            _ => throw new AgentConfigException($"{command.Line}:{command.Column}: command must be a string or a list of strings"),
        };
        return new TemplateConfig
        {
            Source = source is null ? null : Path.GetFullPath(source, baseDirectory),
            Contents = contents,
            Destination = destination,
            Perms = body.Attribute("perms") is { } perms ? Mode(perms) : UnixFileMode.UserRead,
            Command = commandList is { Count: > 0 } ? commandList : null,
            CommandIsShell = command?.Kind == HclValueKind.String,
            ErrorOnMissingKey = Bool(body.Attribute("error_on_missing_key")) ?? false,
            LeftDelimiter = body.Attribute("left_delimiter")?.GetString() ?? "{{",
            RightDelimiter = body.Attribute("right_delimiter")?.GetString() ?? "}}",
        };
    }

    private static TemplateGlobalConfig ReadTemplateConfig(HclBody body, TemplateGlobalConfig current) => current with
    {
        StaticSecretRenderInterval = Duration(body.Attribute("static_secret_render_interval"), "static_secret_render_interval") ?? current.StaticSecretRenderInterval,
        ExitOnRetryFailure = Bool(body.Attribute("exit_on_retry_failure")) ?? current.ExitOnRetryFailure,
    };

    private static ExecConfig ReadExec(HclBlock block)
    {
        var command = block.Body.Attribute("command") ?? throw new AgentConfigException($"{block.Line}:{block.Column}: exec needs a command");
        List<string> list = command.Kind == HclValueKind.String ? ["/bin/sh", "-c", command.GetString()] : command.Items.Select(i => i.GetString()).ToList();
        if (list.Count == 0)
        {
            throw new AgentConfigException($"{command.Line}:{command.Column}: exec command is empty");
        }

        var restart = block.Body.Attribute("restart_on_secret_changes")?.GetString() ?? "always";
        if (restart is not ("always" or "never"))
        {
            throw new AgentConfigException($"{block.Line}:{block.Column}: restart_on_secret_changes must be \"always\" or \"never\"");
        }

        var signal = block.Body.Attribute("restart_stop_signal")?.GetString() ?? "SIGTERM";
        if (ProcessSignals.Parse(signal) is null)
        {
            throw new AgentConfigException($"{block.Line}:{block.Column}: unknown restart_stop_signal \"{signal}\"");
        }

        return new ExecConfig { Command = list, RestartOnSecretChanges = restart, RestartStopSignal = signal };
    }

    private static EnvTemplateConfig ReadEnvTemplate(HclBlock block)
    {
        var name = block.Label ?? throw new AgentConfigException($"{block.Line}:{block.Column}: env_template needs a variable name label");
        if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal))
        {
            throw new AgentConfigException($"{block.Line}:{block.Column}: invalid environment variable name");
        }

        return new EnvTemplateConfig
        {
            Name = name,
            Contents = block.Body.Attribute("contents")?.GetString() ?? throw new AgentConfigException($"{block.Line}:{block.Column}: env_template needs contents"),
            ErrorOnMissingKey = Bool(block.Body.Attribute("error_on_missing_key")) ?? false,
        };
    }

    private static ApiProxyConfig ReadApiProxy(HclBody body)
    {
        var use = body.Attribute("use_auto_auth_token");
        return use?.Kind switch
        {
            null => new ApiProxyConfig(),
            HclValueKind.String when use.GetString() == "force" => new ApiProxyConfig { UseAutoAuthToken = true, Force = true },
            _ => new ApiProxyConfig { UseAutoAuthToken = Bool(use) ?? false },
        };
    }

    private static ListenerConfig ReadListener(HclBlock block)
    {
        if (block.Label is not (null or "tcp"))
        {
            throw new AgentConfigException($"{block.Line}:{block.Column}: unsupported listener type \"{block.Label}\" (tcp)");
        }

        var body = block.Body;
        return new ListenerConfig
        {
            Address = body.Attribute("address")?.GetString() ?? "127.0.0.1:8100",
            TlsDisable = Bool(body.Attribute("tls_disable")) ?? false,
            TlsCertFile = body.Attribute("tls_cert_file")?.GetString(),
            TlsKeyFile = body.Attribute("tls_key_file")?.GetString(),
        };
    }

    private static void Validate(AgentConfig config)
    {
        if (config.ExitAfterAuth && config.AutoAuth is null)
        {
            throw new AgentConfigException("exit_after_auth needs an auto_auth block");
        }

        if ((config.Templates.Count > 0 || config.EnvTemplates.Count > 0 || config.Exec is not null) && config.AutoAuth is null)
        {
            throw new AgentConfigException("templates and exec need an auto_auth block");
        }

        if (config.EnvTemplates.Count > 0 && config.Exec is null)
        {
            throw new AgentConfigException("env_template needs an exec block");
        }

        if (config.ApiProxy is not null && config.Listeners.Count == 0)
        {
            throw new AgentConfigException("api_proxy needs a listener block");
        }

        foreach (var listener in config.Listeners)
        {
            if (!listener.TlsDisable && (listener.TlsCertFile is null || listener.TlsKeyFile is null))
            {
                throw new AgentConfigException("a listener needs tls_disable = true or tls_cert_file and tls_key_file");
            }
        }

        if (config.Vault.Backoff <= TimeSpan.Zero || config.Vault.MaxBackoff < config.Vault.Backoff)
        {
            throw new AgentConfigException("retry backoff must be positive and not above max_backoff");
        }

        if (config.TemplateConfig.StaticSecretRenderInterval <= TimeSpan.Zero)
        {
            throw new AgentConfigException("static_secret_render_interval must be positive");
        }
    }

    private static bool? Bool(HclValue? value) => value?.Kind switch
    {
        null => null,
        HclValueKind.Bool => value.GetBool(),
        HclValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
        _ => value.GetBool(),
    };

    private static TimeSpan? Duration(HclValue? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Kind == HclValueKind.Number ? value.NumberText : value.GetString();
        return Durations.TryParse(text, out var duration)
            ? duration
            : throw new AgentConfigException($"{value.Line}:{value.Column}: {name} is not a duration (e.g. \"30s\", \"5m\")");
    }

    /// <summary>A Unix mode written as an octal string "0640" or a number 0640.</summary>
    private static UnixFileMode Mode(HclValue value)
    {
        var text = value.Kind == HclValueKind.Number ? value.NumberText : value.GetString();
        try
        {
            var mode = Convert.ToInt32(text, 8);
            if (mode is < 0 or > 0x1FF)
            {
                throw new FormatException();
            }

            return (UnixFileMode)mode;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new AgentConfigException(string.Create(CultureInfo.InvariantCulture, $"{value.Line}:{value.Column}: \"{text}\" is not an octal file mode (e.g. \"0640\")"));
        }
    }
}
