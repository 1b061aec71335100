using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Strongroom.Audit.Tests;

public sealed class SocketAuditDeviceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static AuditDeviceOptions SocketOptions(string address, string type = "tcp", string timeout = "2s", bool logRaw = false) =>
        AuditDeviceOptions.Parse("socket", new Dictionary<string, string>
        {
            ["address"] = address,
            ["socket_type"] = type,
            ["write_timeout"] = timeout,
            ["log_raw"] = logRaw ? "true" : "false",
        }, out var error) ?? throw new InvalidOperationException(error);

    private static async Task<string> ReadLineAsync(Socket socket)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (await socket.ReceiveAsync(buffer) == 1 && buffer[0] != '\n')
        {
            bytes.Add(buffer[0]);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    [Fact]
    public async Task WriteAsync_Tcp_DeliversChainedLine()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var broker = new AuditBroker();
        Assert.True(broker.Enable("socket", SocketOptions($"127.0.0.1:{port}"), TestData.Key(), TestData.Key()).Success);

        Assert.True(await broker.LogAsync(TestData.Request(path: "secret/data/tcp"), default));
        using var peer = await listener.AcceptSocketAsync();
        var line = await ReadLineAsync(peer).WaitAsync(TimeSpan.FromSeconds(30));

        var json = JsonNode.Parse(line)!;
        Assert.Equal("secret/data/tcp", (string?)json["request"]!["path"]);
        Assert.Equal(1, (long)json["seq"]!);
    }

    [Fact]
    public async Task WriteAsync_Udp_SendsOneDatagramPerLine()
    {
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        await using var broker = new AuditBroker();
        Assert.True(broker.Enable("udp", SocketOptions($"127.0.0.1:{port}", "udp"), TestData.Key(), TestData.Key()).Success);

        Assert.True(await broker.LogAsync(TestData.Request(path: "secret/data/udp"), default));
        var datagram = await receiver.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var text = Encoding.UTF8.GetString(datagram.Buffer);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Equal("secret/data/udp", (string?)JsonNode.Parse(text)!["request"]!["path"]);
    }

    [Fact]
    public async Task WriteAsync_Unix_DeliversLine()
    {
        var path = _dir.File("audit.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        await using var broker = new AuditBroker();
        Assert.True(broker.Enable("unix", SocketOptions(path, "unix"), TestData.Key(), TestData.Key()).Success);

        Assert.True(await broker.LogAsync(TestData.Request(path: "secret/data/unix"), default));
        using var peer = await listener.AcceptAsync();
        var line = await ReadLineAsync(peer).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("secret/data/unix", (string?)JsonNode.Parse(line)!["request"]!["path"]);
    }

    [Fact]
    public async Task LogAsync_HungTcpPeerAndGoodFile_ReturnsTrueAfterTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Server.ReceiveBufferSize = 1024;
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var file = _dir.File("audit.log");
        await using var broker = new AuditBroker();
        var device = new SocketAuditDevice("tcp", $"127.0.0.1:{port}") { SendBufferSize = 1024 };
        Assert.True(broker.Enable("socket", SocketOptions($"127.0.0.1:{port}", timeout: "300ms", logRaw: true), device, TestData.Key(), TestData.Key()).Success);
        Assert.True(broker.Enable("file", TestData.FileOptions(file), TestData.Key(), TestData.Key()).Success);
        var acceptTask = listener.AcceptSocketAsync();
        var big = new JsonObject { ["blob"] = new string('x', 8 << 20) };

        // The peer accepts and never reads: the 8 MiB line cannot fit the tiny socket buffers.
        var ok = await broker.LogAsync(TestData.Request(data: big), default).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(ok);
        var socket = broker.Devices.Single(d => d.Path == "socket/");
        Assert.False(socket.Healthy);
        Assert.Contains("timed out", socket.LastError, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(file));

        // Still bounded afterwards: the device backs off or reconnects, the good device keeps working.
        Assert.True(await broker.LogAsync(TestData.Request(), default).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, File.ReadAllLines(file).Length);
        using var hung = await acceptTask;
    }

    [Fact]
    public async Task LogAsync_SocketPeerGone_FailsClosed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var broker = new AuditBroker();
        Assert.True(broker.Enable("socket", SocketOptions($"127.0.0.1:{port}"), TestData.Key(), TestData.Key()).Success);
        Assert.True(await broker.LogAsync(TestData.Request(), default));
        var peer = await listener.AcceptSocketAsync();

        peer.Dispose();
        listener.Stop();
        var results = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await broker.LogAsync(TestData.Request(), default).WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.False(results[^1]);
        Assert.False(broker.Devices.Single().Healthy);
    }
}
