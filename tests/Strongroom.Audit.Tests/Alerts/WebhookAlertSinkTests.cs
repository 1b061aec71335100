using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Strongroom.Audit.Tests;

public sealed class WebhookAlertSinkTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Deliver_ServerFailsThenSucceeds_RetriesAndDelivers()
    {
        var port = FreePort();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        server.Start();
        var received = new List<string>();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await server.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                received.Add(await reader.ReadToEndAsync());
                context.Response.StatusCode = i == 0 ? 503 : 204;
                context.Response.Close();
            }
        });
        var sink = new WebhookAlertSink("hook", new Uri($"http://127.0.0.1:{port}/hook/"), maxAttempts: 4, backoff: TimeSpan.FromMilliseconds(1), TimeProvider.System);

        sink.Deliver(new JsonObject { ["type"] = "alert", ["rule"] = "root-token-use" });
        await serving.WaitAsync(TimeSpan.FromSeconds(30));
        await sink.DisposeAsync();

        Assert.Equal(2, sink.Attempts);
        Assert.Equal(0, sink.Dropped);
        Assert.All(received, body => Assert.Equal("root-token-use", (string?)JsonNode.Parse(body)!["rule"]));
    }

    [Fact]
    public async Task Deliver_UnreachableReceiver_DoesNotBlockAndDropsAfterRetries()
    {
        var sink = new WebhookAlertSink("hook", new Uri($"http://127.0.0.1:{FreePort()}/"), maxAttempts: 3, backoff: TimeSpan.FromMilliseconds(1), TimeProvider.System);

        for (var i = 0; i < 3; i++)
        {
            sink.Deliver(new JsonObject { ["type"] = "alert", ["n"] = i });
        }

        await sink.DisposeAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(9, sink.Attempts);
        Assert.Equal(3, sink.Dropped);
    }
}
