namespace Strongroom.Audit;

/// <summary>
/// Per-group distinct-item counts over a time window, driven by event times (no timers). Memory is
/// one entry per distinct item seen within the window, not one per event: a hot identity reading the
/// same secret 20,000 times a second costs one entry.
/// </summary>
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
        g.Add(item, time);
        return g.Count;
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
            if (g.Count == 0 && (g.LastFired is null || now - g.LastFired >= window))
            {
                _groups.Remove(key);
            }
        }
    }

    private sealed class Group
    {
        // Each item's latest time, and exactly one queue entry per item ordered by a time at or
        // before that latest time; an entry that comes due for a still-live item is re-queued.
        private readonly Dictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);
        private readonly PriorityQueue<string, DateTimeOffset> _due = new();

        public DateTimeOffset? LastFired { get; set; }

        public int Count => _lastSeen.Count;

        public void Add(string item, DateTimeOffset time)
        {
            if (_lastSeen.TryGetValue(item, out var seen))
            {
                if (time > seen)
                {
                    _lastSeen[item] = time;
                }
            }
            else
            {
                _lastSeen[item] = time;
                _due.Enqueue(item, time);
            }
        }

        /// <summary>Forgets every item last seen at or before <paramref name="before"/>.</summary>
        public void Evict(DateTimeOffset before)
        {
            while (_due.TryPeek(out var item, out var due) && due <= before)
            {
                _due.Dequeue();
                var seen = _lastSeen[item];
                if (seen <= before)
                {
                    _lastSeen.Remove(item);
                }
                else
                {
                    _due.Enqueue(item, seen);
                }
            }
        }
    }
}
