using System.Net;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Storage.Postgres.Tests;

/// <summary>
/// One real `strongroom server -config=...` process of an HA cluster on the shared PostgreSQL. The
/// connection URL (with the password) goes in through the environment, never the config file.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private ServerNode(ServerProcess process)
    {
        _process = process;
    }

    public Uri Address => _process.Address;

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public static async Task<ServerNode> StartAsync(string dir, string connectionUrl, string table, string haTable, string lockTtl, bool redirect = false)
    {
        var port = ServerProcess.FreePort();
        var config = Path.Combine(dir, $"node-{port}.hcl");
        await File.WriteAllTextAsync(config, $$"""
            storage "postgresql" {
              table = "{{table}}"
              ha_enabled = true
              ha_table = "{{haTable}}"
              lock_ttl = "{{lockTtl}}"
              max_parallel = 8
            }
            listener "tcp" {
              address = "127.0.0.1:{{port}}"
              tls_disable = true
            }
            api_addr = "http://127.0.0.1:{{port}}"
            standby_redirect = {{(redirect ? "true" : "false")}}
            """);
        var environment = new Dictionary<string, string> { ["STRONGROOM_PG_CONNECTION_URL"] = connectionUrl };
        return new ServerNode(await ServerProcess.StartAsync(port, environment, "server", "-config=" + config));
    }

    public VaultHttp Client(string? token) => new(Address, token);

    /// <summary>sys/health status: 200 active, 429 standby, 503 sealed; 0 when the node does not answer.</summary>
    public async Task<HttpStatusCode> HealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(Address, "/v1/sys/health"));
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no lock release.</summary>
    public Task KillHardAsync() => _process.KillHardAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
