using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>
/// POSTs each notification as JSON to a URL. Non-2xx answers and network errors are retried with
/// exponential backoff (base, 2×base, 4×base... capped at 1 minute) up to <c>max_attempts</c>.
/// </summary>
internal sealed class WebhookAlertSink : BackgroundAlertSink
{
    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly Uri _url;
    private readonly int _maxAttempts;
    private readonly TimeSpan _backoff;
    private readonly TimeProvider _time;

    public WebhookAlertSink(string name, Uri url, int maxAttempts, TimeSpan backoff, TimeProvider time, HttpClient? http = null)
        : base(name)
    {
        _url = url;
        _maxAttempts = Math.Max(1, maxAttempts);
        _backoff = backoff;
        _time = time;
        _ownsClient = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Attempts made so far (tests and status).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    private long _attempts;

    protected override async Task<bool> SendAsync(JsonObject notification, CancellationToken cancellationToken)
    {
        var delay = _backoff;
        for (var attempt = 1; attempt <= _maxAttempts; attempt++)
        {
            Interlocked.Increment(ref _attempts);
            try
            {
                using var response = await _http.PostAsJsonAsync(_url, notification, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Retried below.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient timeout: retried below.
            }

            if (attempt < _maxAttempts)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : delay * 2;
            }
        }

        return false;
    }

    protected override ValueTask ReleaseAsync()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
