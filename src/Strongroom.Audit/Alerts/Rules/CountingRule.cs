using System.Globalization;

namespace Strongroom.Audit;

/// <summary>
/// Fires when a group (remote address or identity) accumulates more than <c>threshold</c> distinct
/// items within <c>window</c>; then stays quiet for that group for one window. Used by
/// auth_failures, permission_denied and distinct_secret_reads.
/// </summary>
internal sealed class CountingRule : AlertRule
{
    private readonly long _threshold;
    private readonly TimeSpan _window;
    private readonly string _groupBy;
    private readonly Func<AuditEvent, bool> _matches;
    private readonly Func<AuditEvent, string> _item;
    private readonly string _what;
    private readonly SlidingWindow _counts;

    public CountingRule(string name, string type, string severity, long threshold, TimeSpan window, string groupBy, Func<AuditEvent, bool> matches, Func<AuditEvent, string> item, string what)
        : base(name, type, severity)
    {
        _threshold = threshold;
        _window = window;
        _groupBy = groupBy;
        _matches = matches;
        _item = item;
        _what = what;
        _counts = new SlidingWindow(window);
    }

    public override bool Applies(AuditEvent e) => _matches(e);

    public override Alert? Evaluate(AuditEvent e, AlertActor who)
    {
        var group = _groupBy == "remote_address" ? who.RemoteAddress : who.Identity;
        if (group.Length == 0)
        {
            // Unauthenticated and unidentified: fall back to the address, then the (login) path.
            group = who.RemoteAddress.Length > 0 ? who.RemoteAddress : e.Request.Path;
        }

        var count = _counts.Add(group, _item(e), e.Time);
        if (count <= _threshold || !_counts.TryFire(group, e.Time))
        {
            return null;
        }

        var summary = string.Create(CultureInfo.InvariantCulture, $"{count} {_what} by {_groupBy} {group} within {Sdk.Durations.Format(_window)} (threshold {_threshold})");
        return Create(e, who, summary, count, _threshold, _window);
    }
}
