namespace Strongroom.Audit;

/// <summary>What a sink receives: alerts (all or none) and change events filtered by kind and path globs.</summary>
internal sealed record AlertSubscription(IAlertSink Sink, bool Alerts, IReadOnlyList<string> EventKinds, IReadOnlyList<string> EventPaths)
{
    public bool WantsEvent(ChangeEvent e) =>
        EventKinds.Count > 0 && PathGlob.MatchesAny(EventKinds, e.Kind) && PathGlob.MatchesAny(EventPaths, e.Path);
}
