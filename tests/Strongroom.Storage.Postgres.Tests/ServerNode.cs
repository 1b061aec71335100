using System.Diagnostics;
using System.Net;
using System.Text;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Storage.Postgres.Tests;

/// <summary>
/// One real `strongroom server -config=...` process of an HA cluster on the shared PostgreSQL. The
/// connection URL (with the password) goes in through the environment, never the config file.
/// Stdin is closed; output is kept for failure messages.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerNode(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static async Task<ServerNode> StartAsync(string dir, string connectionUrl, string table, string haTable, string lockTtl, bool redirect = false)
    {
        var port = PostgresPhysicalBackendTests.FreePort();
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
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "strongroom.dll"));
        info.ArgumentList.Add("server");
        info.ArgumentList.Add("-config=" + config);
        info.Environment["STRONGROOM_PG_CONNECTION_URL"] = connectionUrl;
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        var node = new ServerNode(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"server exited with {process.ExitCode}: {node.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(node.Address, "/v1/sys/seal-status"));
                return node;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(50);
            }
        }

        await node.DisposeAsync();
        throw new TimeoutException("server did not start listening: " + node.Output);
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
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
