namespace Strongroom.Audit;

/// <summary>The most recent alerts, newest first, for sys/alerts and `strongroom alerts list`.</summary>
internal sealed class MemoryAlertSink(int capacity)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Alert> _alerts = new();

    public void Add(Alert alert)
    {
        lock (_gate)
        {
            _alerts.AddFirst(alert);
            if (_alerts.Count > capacity)
            {
                _alerts.RemoveLast();
            }
        }
    }

    public IReadOnlyList<Alert> Recent(int limit)
    {
        lock (_gate)
        {
            return [.. _alerts.Take(Math.Max(0, limit))];
        }
    }
}
