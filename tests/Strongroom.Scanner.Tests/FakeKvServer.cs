using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Strongroom.Scanner.Tests;

/// <summary>A loopback HttpListener speaking the Vault KV v2 JSON for PUT/GET {addr}/v1/{mount}/data/{path}.</summary>
internal sealed class FakeKvServer : IDisposable
{
    private HttpListener _listener;
    private readonly Task _loop;

    public FakeKvServer()
    {
        Token = "test-token-" + Guid.NewGuid().ToString("N");
        // Another process may take the probed port before we bind it: try a few.
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Address = $"http://127.0.0.1:{port}/";
            _listener = new HttpListener();
            _listener.Prefixes.Add(Address);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public string Address { get; private set; }

    public string Token { get; }

    /// <summary>"mount/path" → the stored data object.</summary>
    public ConcurrentDictionary<string, JsonObject> Data { get; } = new();

    public int Requests;

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            Interlocked.Increment(ref Requests);
            Handle(context);
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var segments = request.Url!.AbsolutePath.Trim('/').Split('/');
        if (request.Headers["X-Vault-Token"] != Token)
        {
            Reply(response, 403, new JsonObject { ["errors"] = new JsonArray("permission denied") });
            return;
        }

        if (segments.Length < 4 || segments[0] != "v1" || segments[2] != "data")
        {
            Reply(response, 404, new JsonObject { ["errors"] = new JsonArray() });
            return;
        }

        var key = segments[1] + "/" + string.Join('/', segments[3..].Select(Uri.UnescapeDataString));
        if (request.HttpMethod is "PUT" or "POST")
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
            Data[key] = body["data"]!.AsObject().DeepClone().AsObject();
            Reply(response, 200, new JsonObject { ["data"] = new JsonObject { ["version"] = 1 } });
        }
        else if (request.HttpMethod == "GET" && Data.TryGetValue(key, out var data))
        {
            Reply(response, 200, new JsonObject { ["data"] = new JsonObject { ["data"] = data.DeepClone(), ["metadata"] = new JsonObject { ["version"] = 1 } } });
        }
        else
        {
            Reply(response, 404, new JsonObject { ["errors"] = new JsonArray() });
        }
    }

    private static void Reply(HttpListenerResponse response, int status, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.OutputStream.Write(bytes);
        response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
