using System.Diagnostics;
using Strongroom.Server.Configuration;

namespace Strongroom.Server;

/// <summary>
/// `strongroom server -dev [-dev-root-token-id=ID] [-dev-listen-address=ADDR]` or
/// `strongroom server -config=FILE`. Runs until SIGINT/SIGTERM.
/// </summary>
public static class ServerCommand
{
    private const string Usage = """
        Usage: strongroom server [options]

          Starts a Strongroom server that speaks the HashiCorp Vault HTTP API.

          -dev                        In-memory, unsealed, root token printed, secret/ mounted as kv-v2,
                                      plain HTTP on 127.0.0.1:8200. Never use it for real secrets.
          -dev-root-token-id=ID       Use ID as the dev root token (env STRONGROOM_DEV_ROOT_TOKEN_ID / VAULT_DEV_ROOT_TOKEN_ID).
          -dev-listen-address=ADDR    Dev listener address (default 127.0.0.1:8200).
          -config=FILE                Server configuration file (HCL or JSON), e.g.:

                                        storage "sqlite" { path = "/var/lib/strongroom/strongroom.db" }
                                        listener "tcp" {
                                          address       = "0.0.0.0:8200"
                                          tls_cert_file = "/etc/strongroom/tls.crt"
                                          tls_key_file  = "/etc/strongroom/tls.key"
                                        }
                                        api_addr = "https://strongroom.example.com:8200"
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var dev = false;
        string? configPath = null;
        var rootTokenId = Environment.GetEnvironmentVariable("STRONGROOM_DEV_ROOT_TOKEN_ID") ?? Environment.GetEnvironmentVariable("VAULT_DEV_ROOT_TOKEN_ID");
        var listen = Environment.GetEnvironmentVariable("STRONGROOM_DEV_LISTEN_ADDRESS") ?? Environment.GetEnvironmentVariable("VAULT_DEV_LISTEN_ADDRESS") ?? "127.0.0.1:8200";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][1..] : args[i];
            var (name, value) = arg.Split('=', 2) is [var n, var v] ? (n, v) : (arg, null);
            string Next() => value ?? (i + 1 < args.Length ? args[++i] : throw new ArgumentException($"flag {name} needs a value"));
            try
            {
                switch (name)
                {
                    case "-dev":
                        dev = value is null || bool.Parse(value);
                        break;
                    case "-dev-root-token-id":
                        rootTokenId = Next();
                        break;
                    case "-dev-listen-address":
                        listen = Next();
                        break;
                    case "-config":
                        configPath = Next();
                        break;
                    case "-h" or "-help":
                        await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
                        return 0;
                    default:
                        await stderr.WriteLineAsync($"unknown flag: {args[i]}\n\n{Usage}").ConfigureAwait(false);
                        return 2;
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                await stderr.WriteLineAsync($"{ex.Message}\n\n{Usage}").ConfigureAwait(false);
                return 2;
            }
        }

        if (!dev && configPath is null)
        {
            await stderr.WriteLineAsync($"a configuration file must be specified with -config, or use -dev\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        ServerConfig config;
        try
        {
            config = dev
                ? new ServerConfig { Storage = new StorageConfig { Type = "inmem" }, Listener = new ListenerConfig { Address = listen, TlsDisable = true } }
                : ServerConfig.Load(configPath!);
        }
        catch (Exception ex) when (ex is ConfigException or IOException or UnauthorizedAccessException or FormatException or Core.Hcl.HclParseException or System.Text.Json.JsonException)
        {
            await stderr.WriteLineAsync($"Error loading configuration from {configPath}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var started = Stopwatch.StartNew();
        StrongroomServer server;
        try
        {
            server = await StrongroomServer.StartAsync(config, dev, rootTokenId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConfigException or IOException or Core.Storage.StorageUnavailableException or global::System.Security.Cryptography.CryptographicException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"Error starting server: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (server.ConfigureAwait(false))
        {
            await PrintBannerAsync(stdout, stderr, config, server, dev, started.Elapsed).ConfigureAwait(false);
            await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync("==> Strongroom shutdown triggered").ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task PrintBannerAsync(TextWriter stdout, TextWriter stderr, ServerConfig config, StrongroomServer server, bool dev, TimeSpan startup)
    {
        foreach (var warning in config.Warnings)
        {
            await stderr.WriteLineAsync("WARNING: " + warning).ConfigureAwait(false);
        }

        if (!dev && config.Listener.TlsDisable)
        {
            await stderr.WriteLineAsync("WARNING: TLS is disabled on the listener: tokens and secrets cross the network in plain text. Use tls_cert_file/tls_key_file outside a trusted loopback.").ConfigureAwait(false);
        }

        if (config.Ui)
        {
            await stderr.WriteLineAsync("WARNING: ui = true: Strongroom has no web UI; the setting is ignored.").ConfigureAwait(false);
        }

        var address = server.Address.ToString().TrimEnd('/');
        await stdout.WriteLineAsync($"""
            ==> Strongroom server configuration:

                         Api Address: {config.ApiAddr ?? address}
                     Listener 1: tcp (addr: "{config.Listener.Address}", tls: "{(config.Listener.TlsDisable ? "disabled" : "enabled")}")
                             Storage: {config.Storage.Type}
                             Version: Strongroom {Core.StrongroomVersion.Value}
                        Startup Time: {startup.TotalMilliseconds:F0} ms

            ==> Strongroom server started! Log data will stream in below:
            """).ConfigureAwait(false);
        if (dev && server.DevInit is { } init)
        {
            await stdout.WriteLineAsync($"""

                WARNING! dev mode is enabled! In this mode, Strongroom runs entirely in-memory
                and starts unsealed with a single unseal key. Export the address below and
                log in with the root token to begin using Strongroom.

                You may need to set the following environment variables:

                    $ export STRONGROOM_ADDR='{address}'
                    $ export VAULT_ADDR='{address}'

                The unseal key and root token are displayed below in case you want to
                seal/unseal the server or re-authenticate.

                Unseal Key: {Convert.ToBase64String(init.KeyShares[0])}
                Root Token: {init.RootToken}

                Development mode should NOT be used in production installations!
                """).ConfigureAwait(false);
        }

        await stdout.FlushAsync().ConfigureAwait(false);
    }
}
