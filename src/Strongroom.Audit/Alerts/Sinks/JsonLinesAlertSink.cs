using System.Text;
using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>Appends each notification as one JSON line to a file, or to stdout when the path is "-" or "stdout".</summary>
internal sealed class JsonLinesAlertSink : BackgroundAlertSink
{
    private readonly Stream _stream;

    public JsonLinesAlertSink(string name, string path)
        : base(name)
    {
        _stream = path is "-" or "stdout"
            ? Console.OpenStandardOutput()
            : new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
    }

    protected override async Task<bool> SendAsync(JsonObject notification, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(notification.ToJsonString() + "\n");
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    protected override async ValueTask ReleaseAsync() => await _stream.DisposeAsync().ConfigureAwait(false);
}
