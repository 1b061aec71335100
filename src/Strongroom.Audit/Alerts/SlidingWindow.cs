namespace Strongroom.Audit;

/// <summary>Per-group distinct-item counts over a time window, driven by event times (no timers).</summary>
internal sealed class SlidingWindow(TimeSpan window)
{
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    /// <summary>Adds an item for a group at a time; returns the distinct items now in the window.</summary>
    public int Add(string group, string item, DateTimeOffset time)
    {
        if (!_groups.TryGetValue(group, out var g))
        {
            if (_groups.Count > 10_000)
            {
                Prune(time);
            }

            g = new Group();
            _groups[group] = g;
        }

        g.Evict(time - window);
        g.Entries.Enqueue((time, item));
        g.Items[item] = g.Items.GetValueOrDefault(item) + 1;
        return g.Items.Count;
    }

    /// <summary>True (and remembers it) when the group has not fired within the window before <paramref name="time"/>.</summary>
    public bool TryFire(string group, DateTimeOffset time)
    {
        var g = _groups[group];
        if (g.LastFired is { } last && time - last < window)
        {
            return false;
        }

        g.LastFired = time;
        return true;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, g) in _groups.ToList())
        {
            g.Evict(now - window);
            if (g.Entries.Count == 0 && (g.LastFired is null || now - g.LastFired >= window))
            {
                _groups.Remove(key);
            }
        }
    }

    private sealed class Group
    {
        public Queue<(DateTimeOffset Time, string Item)> Entries { get; } = new();

        public Dictionary<string, int> Items { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset? LastFired { get; set; }

        public void Evict(DateTimeOffset before)
        {
            while (Entries.Count > 0 && Entries.Peek().Time <= before)
            {
                var (_, item) = Entries.Dequeue();
                if (--Items[item] == 0)
                {
                    Items.Remove(item);
                }
            }
        }
    }
}
