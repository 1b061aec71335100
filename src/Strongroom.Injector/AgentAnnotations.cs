using System.Globalization;
using System.Text.RegularExpressions;

namespace Strongroom.Injector;

/// <summary>
/// Reads Vault Agent Injector annotations (<c>vault.hashicorp.com/*</c>, and the same keys under
/// <c>strongroom.io/*</c>, which win when both are set) into an <see cref="AgentSpec"/>, or into the
/// list of problems that make them unusable.
/// </summary>
internal static partial class AgentAnnotations
{
    public const string VaultPrefix = "vault.hashicorp.com/";
    public const string StrongroomPrefix = "strongroom.io/";
    public const string SecretsPath = "/vault/secrets";

    private const string SecretKey = "agent-inject-secret-";
    private const string TemplateKey = "agent-inject-template-";
    private const string FileKey = "agent-inject-file-";
    private const string PermsKey = "agent-inject-perms-";
    private const string CommandKey = "agent-inject-command-";

    private static readonly string[] IndexedKeys = [SecretKey, TemplateKey, FileKey, PermsKey, CommandKey];

    private static readonly HashSet<string> PlainKeys = new(StringComparer.Ordinal)
    {
        "agent-inject", "agent-inject-status", "role", "auth-path", "auth-type", "namespace", "agent-image",
        "agent-limits-cpu", "agent-limits-mem", "agent-requests-cpu", "agent-requests-mem",
        "agent-run-as-user", "agent-run-as-group", "agent-pre-populate", "agent-pre-populate-only",
        "agent-init-first", "agent-inject-token", "service", "tls-skip-verify", "ca-cert", "agent-extra-secret",
    };

    /// <summary>Vault's default template: one <c>key: value</c> line per field of <c>.Data</c>.</summary>
    public static string DefaultTemplate(string path) =>
        "{{ with secret \"" + path + "\" }}{{ range $k, $v := .Data }}{{ $k }}: {{ $v }}\n{{ end }}{{ end }}";

    public static AnnotationDecision Read(IReadOnlyDictionary<string, string> annotations, InjectorOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentNullException.ThrowIfNull(defaults);

        // Merge both prefixes; strongroom.io/ wins. Remember the full key for messages.
        var values = new Dictionary<string, (string Key, string Value)>(StringComparer.Ordinal);
        foreach (var source in new[] { VaultPrefix, StrongroomPrefix })
        {
            foreach (var (key, value) in annotations)
            {
                if (key.StartsWith(source, StringComparison.Ordinal))
                {
                    values[key[source.Length..]] = (key, value);
                }
            }
        }

        if (!values.TryGetValue("agent-inject", out var inject))
        {
            return AnnotationDecision.NotRequested;
        }

        var problems = new List<string>();
        var reader = new Reader(values, problems);
        if (!TryParseGoBool(inject.Value, out var enabled))
        {
            return AnnotationDecision.Malformed([$"{inject.Key}: \"{Clip(inject.Value)}\" is not a boolean (true or false)"]);
        }

        if (!enabled)
        {
            return AnnotationDecision.NotRequested;
        }

        var status = reader.String("agent-inject-status");
        if (status == "injected")
        {
            return AnnotationDecision.AlreadyInjected;
        }

        if (status is not null and not "update")
        {
            problems.Add($"{values["agent-inject-status"].Key}: \"{Clip(status)}\" is not a status this injector understands (injected or update)");
        }

        var prefix = inject.Key[..^"agent-inject".Length];
        var authType = reader.String("auth-type") ?? defaults.AuthType;
        if (authType is not ("kubernetes" or "jwt"))
        {
            problems.Add($"{reader.KeyOf("auth-type", prefix)}: \"{Clip(authType)}\" is not supported (kubernetes or jwt)");
        }

        var role = reader.String("role");
        if (string.IsNullOrWhiteSpace(role))
        {
            problems.Add($"{prefix}role is required: the {authType} auth role the agent logs in with");
        }

        var authPath = NormalizeAuthPath(reader.String("auth-path") ?? defaults.AuthPath ?? authType);
        if (authPath is null)
        {
            problems.Add($"{reader.KeyOf("auth-path", prefix)}: not a valid auth mount path (e.g. auth/kubernetes)");
        }

        var address = reader.String("service") ?? defaults.VaultAddress;
        if (address is null)
        {
            problems.Add($"no vault address: set the {prefix}service annotation or start the injector with -vault-address");
        }
        else if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            problems.Add($"{reader.KeyOf("service", prefix)}: \"{Clip(address)}\" is not an http(s) URL");
        }

        var spec = new AgentSpec
        {
            Prefix = prefix,
            Role = role ?? string.Empty,
            AuthType = authType,
            AuthPath = authPath ?? string.Empty,
            Namespace = reader.String("namespace") ?? defaults.Namespace,
            VaultAddress = address ?? string.Empty,
            CaCert = reader.String("ca-cert"),
            TlsSkipVerify = reader.Bool("tls-skip-verify", false),
            Image = reader.String("agent-image") is { Length: > 0 } image ? image : defaults.AgentImage,
            CpuLimit = reader.Quantity("agent-limits-cpu", defaults.CpuLimit),
            MemoryLimit = reader.Quantity("agent-limits-mem", defaults.MemoryLimit),
            CpuRequest = reader.Quantity("agent-requests-cpu", defaults.CpuRequest),
            MemoryRequest = reader.Quantity("agent-requests-mem", defaults.MemoryRequest),
            RunAsUser = reader.Id("agent-run-as-user", defaults.RunAsUser),
            RunAsGroup = reader.Id("agent-run-as-group", defaults.RunAsGroup),
            PrePopulate = reader.Bool("agent-pre-populate", true),
            PrePopulateOnly = reader.Bool("agent-pre-populate-only", false),
            InitFirst = reader.Bool("agent-init-first", false),
            InjectToken = reader.Bool("agent-inject-token", false),
            Update = status == "update",
            ExtraSecret = reader.String("agent-extra-secret") is { Length: > 0 } extra ? extra : null,
            Secrets = ReadSecrets(values, problems),
            Ignored = values.Where(v => !IsKnown(v.Key)).Select(v => v.Value.Key).Order(StringComparer.Ordinal).ToList(),
        };

        if (spec.ExtraSecret is { } secretName && !SecretObjectNamePattern().IsMatch(secretName))
        {
            problems.Add($"{reader.KeyOf("agent-extra-secret", prefix)}: \"{Clip(secretName)}\" is not a Kubernetes Secret name (lowercase DNS subdomain)");
        }

        if (spec is { PrePopulate: false, PrePopulateOnly: true })
        {
            problems.Add($"{prefix}agent-pre-populate-only is true but {prefix}agent-pre-populate is false: nothing would be injected");
        }

        return problems.Count > 0 ? AnnotationDecision.Malformed(problems) : AnnotationDecision.Inject(spec);
    }

    private static List<AgentSecret> ReadSecrets(Dictionary<string, (string Key, string Value)> values, List<string> problems)
    {
        var secrets = new List<AgentSecret>();
        var destinations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (suffix, (key, path)) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!suffix.StartsWith(SecretKey, StringComparison.Ordinal))
            {
                continue;
            }

            var name = suffix[SecretKey.Length..];
            if (!SecretNamePattern().IsMatch(name))
            {
                problems.Add($"{key}: the secret name must be letters, digits, '-', '_' or '.' and start with a letter or digit");
                continue;
            }

            if (string.IsNullOrWhiteSpace(path) || path.IndexOfAny(['"', '\\', '\n', '\r']) >= 0)
            {
                problems.Add($"{key}: the value must be a secret path such as secret/data/app (no quotes, backslashes or newlines)");
                continue;
            }

            var template = Lookup(values, TemplateKey + name);
            var file = Lookup(values, FileKey + name) ?? name;
            var destination = Destination(file);
            if (destination is null)
            {
                problems.Add($"{values[FileKey + name].Key}: \"{Clip(file)}\" must be a relative file name inside {SecretsPath} (no '..' or empty segments)");
                continue;
            }

            if (destinations.TryGetValue(destination, out var other))
            {
                problems.Add($"{key}: renders to {destination}, which {other} already uses");
                continue;
            }

            destinations[destination] = key;
            var perms = Lookup(values, PermsKey + name);
            if (perms is not null && !PermsPattern().IsMatch(perms))
            {
                problems.Add($"{values[PermsKey + name].Key}: \"{Clip(perms)}\" is not an octal file mode such as 0440");
            }

            var command = Lookup(values, CommandKey + name);
            secrets.Add(new AgentSecret(
                name,
                path.Trim(),
                string.IsNullOrEmpty(template) ? DefaultTemplate(path.Trim()) : template,
                destination,
                perms is null ? null : perms.PadLeft(4, '0'),
                string.IsNullOrWhiteSpace(command) ? null : command));
        }

        foreach (var (suffix, (key, _)) in values)
        {
            foreach (var indexed in IndexedKeys.Skip(1))
            {
                if (!IsTemplateFile(suffix) && suffix.StartsWith(indexed, StringComparison.Ordinal) && !values.ContainsKey(SecretKey + suffix[indexed.Length..]))
                {
                    problems.Add($"{key} has no matching {key[..^suffix.Length]}{SecretKey}{suffix[indexed.Length..]} annotation");
                }
            }
        }

        return secrets;
    }

    private static string? Lookup(Dictionary<string, (string Key, string Value)> values, string suffix) =>
        values.TryGetValue(suffix, out var entry) ? entry.Value : null;

    private static string? Destination(string file)
    {
        var segments = file.Trim().TrimStart('/').Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".." || s.Any(char.IsControl)))
        {
            return null;
        }

        return SecretsPath + "/" + string.Join('/', segments);
    }

    private static string? NormalizeAuthPath(string path)
    {
        var trimmed = path.Trim().Trim('/');
        if (trimmed.Length == 0 || !AuthPathPattern().IsMatch(trimmed))
        {
            return null;
        }

        return trimmed.StartsWith("auth/", StringComparison.Ordinal) ? trimmed : "auth/" + trimmed;
    }

    private static bool IsKnown(string suffix) =>
        !IsTemplateFile(suffix) && (PlainKeys.Contains(suffix) || IndexedKeys.Any(k => suffix.StartsWith(k, StringComparison.Ordinal)));

    // Vault's agent-inject-template-file-<name> (templates from a config map) is not implemented: reported as ignored.
    private static bool IsTemplateFile(string suffix) => suffix.StartsWith("agent-inject-template-file-", StringComparison.Ordinal);

    /// <summary>Go's strconv.ParseBool, which Vault's injector uses for its boolean annotations.</summary>
    internal static bool TryParseGoBool(string value, out bool result)
    {
        switch (value)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                result = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    private static string Clip(string value) => value.Length <= 64 ? value : value[..64] + "...";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretNamePattern();

    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretObjectNamePattern();

    [GeneratedRegex(@"^0?[0-7]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex PermsPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex AuthPathPattern();

    /// <summary>Typed access to the merged annotations, recording problems as it goes.</summary>
    private sealed class Reader(Dictionary<string, (string Key, string Value)> values, List<string> problems)
    {
        public string? String(string suffix) => values.TryGetValue(suffix, out var entry) ? entry.Value : null;

        public string KeyOf(string suffix, string prefix) => values.TryGetValue(suffix, out var entry) ? entry.Key : prefix + suffix;

        public bool Bool(string suffix, bool fallback)
        {
            if (!values.TryGetValue(suffix, out var entry))
            {
                return fallback;
            }

            if (TryParseGoBool(entry.Value, out var result))
            {
                return result;
            }

            problems.Add($"{entry.Key}: \"{Clip(entry.Value)}\" is not a boolean (true or false)");
            return fallback;
        }

        /// <summary>A resource quantity; an empty annotation removes the default (no limit/request).</summary>
        public string? Quantity(string suffix, string fallback)
        {
            if (!values.TryGetValue(suffix, out var entry))
            {
                return fallback.Length == 0 ? null : fallback;
            }

            var value = entry.Value.Trim();
            if (value.Length == 0)
            {
                return null;
            }

            if (!KubernetesQuantity.IsValid(value))
            {
                problems.Add($"{entry.Key}: \"{Clip(entry.Value)}\" is not a Kubernetes resource quantity (e.g. 250m, 1, 64Mi)");
            }

            return value;
        }

        public long Id(string suffix, long fallback)
        {
            if (!values.TryGetValue(suffix, out var entry))
            {
                return fallback;
            }

            if (long.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id <= int.MaxValue)
            {
                return id;
            }

            problems.Add($"{entry.Key}: \"{Clip(entry.Value)}\" is not a non-negative numeric user or group id");
            return fallback;
        }
    }
}
