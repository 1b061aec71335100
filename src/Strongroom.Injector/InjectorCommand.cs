using System.Globalization;
using System.Text.Json.Nodes;

namespace Strongroom.Injector;

/// <summary>
/// `strongroom injector -tls-cert-file=F -tls-key-file=F [-listen=:8080] ...`: the Kubernetes mutating
/// admission webhook that adds the agent to annotated pods. Runs until SIGINT/SIGTERM.
/// </summary>
public static class InjectorCommand
{
    private const string Usage = """
        Usage: strongroom injector [options]

          Runs the Kubernetes mutating admission webhook that injects the Strongroom agent
          (init container + sidecar + in-memory /vault/secrets volume) into pods annotated
          with Vault Agent Injector annotations (vault.hashicorp.com/* or strongroom.io/*).
          Serves POST /mutate (AdmissionReview v1) and GET /health/ready over TLS.

          Every flag can also be set by the environment variable in brackets; the flag wins.

          -listen=ADDR             Listen address (default :8080) [AGENT_INJECT_LISTEN]
          -tls-cert-file=FILE      PEM certificate (reloaded when it changes) [AGENT_INJECT_TLS_CERT_FILE]
          -tls-key-file=FILE       PEM private key [AGENT_INJECT_TLS_KEY_FILE]
          -vault-address=URL       Server address for agents, unless a pod sets the service
                                   annotation [AGENT_INJECT_VAULT_ADDR]
          -agent-image=IMAGE       Agent image (default strongroom/strongroom:0.1.0) [AGENT_INJECT_VAULT_IMAGE]
          -auth-type=TYPE          kubernetes (default) or jwt [AGENT_INJECT_VAULT_AUTH_TYPE]
          -auth-path=PATH          Auth mount (default auth/<auth-type>) [AGENT_INJECT_VAULT_AUTH_PATH]
          -namespace=NS            Vault namespace for agents [AGENT_INJECT_VAULT_NAMESPACE]
          -run-as-user=UID         Agent user id (default 100) [AGENT_INJECT_RUN_AS_USER]
          -run-as-group=GID        Agent group id (default 1000) [AGENT_INJECT_RUN_AS_GROUP]
          -cpu-limit=Q -memory-limit=Q -cpu-request=Q -memory-request=Q
                                   Agent resources (defaults 500m, 128Mi, 250m, 64Mi; empty = none)
                                   [AGENT_INJECT_CPU_LIMIT, AGENT_INJECT_MEM_LIMIT, AGENT_INJECT_CPU_REQUEST, AGENT_INJECT_MEM_REQUEST]
          -fail-closed=BOOL        Malformed annotations deny the pod (true, default, like Vault) or admit
                                   it without the agent and with an admission warning (false)
                                   [AGENT_INJECT_FAIL_CLOSED]
          -format=json             Print the start-up line as JSON
        """;

    private static readonly (string Flag, string Variable)[] Bindings =
    [
        ("-listen", "AGENT_INJECT_LISTEN"),
        ("-tls-cert-file", "AGENT_INJECT_TLS_CERT_FILE"),
        ("-tls-key-file", "AGENT_INJECT_TLS_KEY_FILE"),
        ("-vault-address", "AGENT_INJECT_VAULT_ADDR"),
        ("-agent-image", "AGENT_INJECT_VAULT_IMAGE"),
        ("-auth-type", "AGENT_INJECT_VAULT_AUTH_TYPE"),
        ("-auth-path", "AGENT_INJECT_VAULT_AUTH_PATH"),
        ("-namespace", "AGENT_INJECT_VAULT_NAMESPACE"),
        ("-run-as-user", "AGENT_INJECT_RUN_AS_USER"),
        ("-run-as-group", "AGENT_INJECT_RUN_AS_GROUP"),
        ("-cpu-limit", "AGENT_INJECT_CPU_LIMIT"),
        ("-memory-limit", "AGENT_INJECT_MEM_LIMIT"),
        ("-cpu-request", "AGENT_INJECT_CPU_REQUEST"),
        ("-memory-request", "AGENT_INJECT_MEM_REQUEST"),
        ("-fail-closed", "AGENT_INJECT_FAIL_CLOSED"),
        ("-format", "AGENT_INJECT_FORMAT"),
    ];

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, Environment.GetEnvironmentVariable, cancellationToken);

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);
        if (args.Any(a => a is "-h" or "-help" or "--help"))
        {
            await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        InjectorOptions options;
        try
        {
            options = ParseOptions(args, environment);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"{ex.Message}\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        InjectorHost host;
        try
        {
            host = await InjectorHost.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or FormatException)
        {
            await stderr.WriteLineAsync($"Error starting injector: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            if (options.JsonOutput)
            {
                var line = new JsonObject { ["listen"] = options.Listen, ["address"] = host.Address.ToString(), ["fail_closed"] = options.FailClosed };
                await stdout.WriteLineAsync(line.ToJsonString()).ConfigureAwait(false);
            }
            else
            {
                await stdout.WriteLineAsync($"==> Strongroom injector listening on {options.Listen} (https, POST /mutate, fail-closed: {options.FailClosed.ToString().ToLowerInvariant()})").ConfigureAwait(false);
            }

            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Flags over environment over defaults; validated here so a bad value stops start-up.</summary>
    internal static InjectorOptions ParseOptions(string[] args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (flag, variable) in Bindings)
        {
            if (environment(variable) is { } value)
            {
                values[flag] = value;
            }
        }

        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][1..] : args[i];
            var (name, value) = arg.Split('=', 2) is [var n, var v] ? (n, v) : (arg, null);
            if (!Bindings.Any(b => b.Flag == name))
            {
                throw new ArgumentException($"unknown flag: {args[i]}");
            }

            values[name] = value ?? (i + 1 < args.Length ? args[++i] : throw new ArgumentException($"flag {name} needs a value"));
        }

        string? Get(string flag) => values.TryGetValue(flag, out var v) ? v : null;
        var defaults = new InjectorOptions();
        var options = new InjectorOptions
        {
            Listen = Get("-listen") ?? defaults.Listen,
            TlsCertFile = Get("-tls-cert-file"),
            TlsKeyFile = Get("-tls-key-file"),
            VaultAddress = Get("-vault-address"),
            AgentImage = Get("-agent-image") ?? defaults.AgentImage,
            AuthType = Get("-auth-type") ?? defaults.AuthType,
            AuthPath = Get("-auth-path"),
            Namespace = Get("-namespace"),
            RunAsUser = Id("-run-as-user", Get("-run-as-user"), defaults.RunAsUser),
            RunAsGroup = Id("-run-as-group", Get("-run-as-group"), defaults.RunAsGroup),
            CpuLimit = Quantity("-cpu-limit", Get("-cpu-limit"), defaults.CpuLimit),
            MemoryLimit = Quantity("-memory-limit", Get("-memory-limit"), defaults.MemoryLimit),
            CpuRequest = Quantity("-cpu-request", Get("-cpu-request"), defaults.CpuRequest),
            MemoryRequest = Quantity("-memory-request", Get("-memory-request"), defaults.MemoryRequest),
            FailClosed = Get("-fail-closed") is { } failClosed
                ? (AgentAnnotations.TryParseGoBool(failClosed, out var b) ? b : throw new ArgumentException("-fail-closed must be true or false"))
                : defaults.FailClosed,
            JsonOutput = Get("-format") switch
            {
                null or "table" => false,
                "json" => true,
                var other => throw new ArgumentException($"-format must be json or table, not \"{other}\""),
            },
        };

        if (options.AuthType is not ("kubernetes" or "jwt"))
        {
            throw new ArgumentException("-auth-type must be kubernetes or jwt");
        }

        if (options.VaultAddress is { } address && (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException("-vault-address must be an http(s) URL");
        }

        try
        {
            _ = InjectorHost.ParseEndpoint(options.Listen);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }

        return options;
    }

    private static long Id(string flag, string? value, long fallback) =>
        value is null ? fallback
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id <= int.MaxValue ? id
        : throw new ArgumentException($"{flag} must be a non-negative number");

    private static string Quantity(string flag, string? value, string fallback) =>
        value is null ? fallback
        : value.Length == 0 || KubernetesQuantity.IsValid(value) ? value
        : throw new ArgumentException($"{flag} must be a Kubernetes quantity such as 250m or 64Mi");
}
