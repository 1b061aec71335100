using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Strongroom.Audit;

/// <summary>
/// Sends audit lines over tcp, udp (one datagram per line) or a unix stream socket. Connects
/// lazily, drops the connection on any error or cancelled (timed-out) write, and reconnects on the
/// next write, so a peer that went away or stopped reading costs one bounded failure, not a hang.
/// </summary>
internal sealed class SocketAuditDevice : IAuditDevice
{
    private readonly string _socketType;
    private readonly EndPoint _endPoint;
    private Socket? _socket;

    public SocketAuditDevice(string socketType, string address)
    {
        _socketType = socketType;
        _endPoint = ParseEndPoint(socketType, address);
    }

    public string Type => "socket";

    /// <summary>Send buffer size for new connections; tests make it tiny to provoke a blocked peer.</summary>
    internal int? SendBufferSize { get; set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        try
        {
            var socket = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
            if (_socketType == "udp")
            {
                var rest = lines;
                while (!rest.IsEmpty)
                {
                    var end = rest.Span.IndexOf((byte)'\n');
                    var datagram = end < 0 ? rest : rest[..(end + 1)];
                    await socket.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    rest = rest[datagram.Length..];
                }

                return;
            }

            var remaining = lines;
            while (!remaining.IsEmpty)
            {
                var sent = await socket.SendAsync(remaining, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                remaining = remaining[sent..];
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Disconnect();
            throw;
        }
    }

    public void Reopen() => Disconnect();

    public ValueTask DisposeAsync()
    {
        Disconnect();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<Socket> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_socket is not null && _socketType != "udp" && PeerClosed(_socket))
        {
            Disconnect();
        }

        if (_socket is not null)
        {
            return _socket;
        }

        var socket = _socketType switch
        {
            "unix" => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
            "udp" => new Socket(SocketType.Dgram, ProtocolType.Udp),
            _ => new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true },
        };
        try
        {
            if (SendBufferSize is { } size)
            {
                socket.SendBufferSize = size;
            }

            await socket.ConnectAsync(_endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        return socket;
    }

    /// <summary>A stream peer that closed its end makes the socket readable with nothing to read.</summary>
    private static bool PeerClosed(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private void Disconnect()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private static EndPoint ParseEndPoint(string socketType, string address)
    {
        if (socketType == "unix")
        {
            return new UnixDomainSocketEndPoint(address);
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException("A socket audit address must be host:port.", nameof(address));
        }

        var host = address[..colon].Trim('[', ']');
        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
    }
}
