using System.Globalization;

namespace Strongroom.Gateway;

/// <summary>
/// `strongroom gateway [-address=127.0.0.1:5080] [-mount=ai] [-max-body-bytes=N] [-upstream-timeout=300s]`.
/// The server and token come from STRONGROOM_ADDR/STRONGROOM_TOKEN (or VAULT_ADDR/VAULT_TOKEN).
/// </summary>
public static class GatewayCommand
{
    private const string Usage = """
        Usage: strongroom gateway [options]

          Runs the AI key gateway: an OpenAI- and Anthropic-compatible endpoint that accepts Strongroom
          virtual keys (sk-sr-...), checks them, their budgets and rate limits with the server, and
          forwards to the provider with the real key. Clients use http://ADDRESS/v1 (OpenAI SDK) or
          http://ADDRESS (Anthropic SDK) as base URL and the virtual key as API key.

          The Strongroom server and the gateway's token come from STRONGROOM_ADDR / STRONGROOM_TOKEN
          (or VAULT_ADDR / VAULT_TOKEN). The token needs: path "ai/gateway/*" { capabilities = ["update"] }

              $ STRONGROOM_ADDR=http://127.0.0.1:8200 STRONGROOM_TOKEN=... strongroom gateway -address=127.0.0.1:5080

          -address=ADDR            Listen address (default 127.0.0.1:5080).
          -mount=PATH              Mount path of the ai secrets engine (default ai).
          -max-body-bytes=N        Largest request body accepted (default 16777216).
          -upstream-timeout=SECS   Seconds to wait for the provider (headers, and each read) (default 300).
          -grant-validity=MS       Milliseconds a key's grant is used before asking the server again, i.e. how
                                   late a revocation can be seen (10 to 1000, default 1000).
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var listen = "127.0.0.1:5080";
        var mount = "ai";
        long maxBody = 16 * 1024 * 1024;
        var timeout = TimeSpan.FromMinutes(5);
        var validity = TimeSpan.FromSeconds(1);
        foreach (var raw in args)
        {
            var arg = raw.StartsWith("--", StringComparison.Ordinal) ? raw[1..] : raw;
            var (name, value) = arg.Split('=', 2) is [var n, var v] ? (n, v) : (arg, null);
            switch (name)
            {
                case "-h" or "-help":
                    await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
                    return 0;
                case "-address" when value is not null:
                    listen = value;
                    break;
                case "-mount" when value is not null:
                    mount = value.Trim('/');
                    break;
                case "-max-body-bytes" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0:
                    maxBody = m;
                    break;
                case "-upstream-timeout" when double.TryParse(value?.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t > 0:
                    timeout = TimeSpan.FromSeconds(t);
                    break;
                case "-grant-validity" when int.TryParse(value?.TrimEnd('s').TrimEnd('m'), NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g is >= 10 and <= 1000:
                    validity = TimeSpan.FromMilliseconds(g);
                    break;
                default:
                    await stderr.WriteLineAsync($"invalid flag: {raw} (flags take -name=value)\n\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        var addr = Env("STRONGROOM_ADDR") ?? Env("VAULT_ADDR") ?? "https://127.0.0.1:8200";
        var token = Env("STRONGROOM_TOKEN") ?? Env("VAULT_TOKEN");
        if (token is null)
        {
            await stderr.WriteLineAsync("STRONGROOM_TOKEN (or VAULT_TOKEN) must hold a token allowed to update ai/gateway/*").ConfigureAwait(false);
            return 2;
        }

        if (!Uri.TryCreate(addr, UriKind.Absolute, out var server))
        {
            await stderr.WriteLineAsync($"invalid STRONGROOM_ADDR \"{addr}\"").ConfigureAwait(false);
            return 2;
        }

        GatewayHost host;
        try
        {
            host = await GatewayHost.StartAsync(new GatewayOptions
            {
                ListenAddress = listen,
                ServerAddress = server,
                ServerToken = token,
                Mount = mount,
                MaxBodyBytes = maxBody,
                UpstreamTimeout = timeout,
                GrantValidity = validity,
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException)
        {
            await stderr.WriteLineAsync("Error starting the gateway: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            await stdout.WriteLineAsync($"==> Strongroom gateway listening on {host.Address} (OpenAI base URL {host.Address}v1), server {server}").ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // shutting down: pending usage records are flushed by DisposeAsync
            }
        }

        return 0;
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
