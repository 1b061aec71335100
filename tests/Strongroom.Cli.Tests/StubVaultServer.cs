using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Strongroom.Cli.Tests;

/// <summary>
/// A loopback HTTP endpoint that answers canned Vault-shaped JSON, for CLI formatting/exit-code tests only
/// (the real server is not merged yet). Records every request it receives.
/// </summary>
public sealed class StubVaultServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _routes = new();
    private readonly Task _loop;

    public StubVaultServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Address + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Address { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers METHOD /v1/PATH with the status and JSON body; unknown routes get 404 {"errors":[]}.</summary>
    public StubVaultServer On(string method, string path, int status, string body)
    {
        _routes[$"{method} /v1/{path}"] = (status, body);
        return this;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.AbsolutePath;
            Requests.Enqueue(new RecordedRequest(
                context.Request.HttpMethod, path, context.Request.Url.Query, context.Request.Headers["X-Vault-Token"],
                context.Request.Headers["X-Vault-Namespace"], context.Request.ContentType, body));
            var (status, answer) = _routes.TryGetValue($"{context.Request.HttpMethod} {path}", out var route)
                ? route
                : (404, "{\"errors\":[]}");
            context.Response.StatusCode = status;
            if (status != 204)
            {
                var bytes = Encoding.UTF8.GetBytes(answer);
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        }
    }
}

public sealed record RecordedRequest(string Method, string Path, string Query, string? Token, string? Namespace, string? ContentType, string Body);
