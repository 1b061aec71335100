namespace Strongroom.Audit;

/// <summary>
/// Fires on every matching event, except that the same key (identity + path, say) fires at most
/// once per <c>cooldown</c> (zero: every time). Used by config_change, root_token, off_hours_read and seal.
/// </summary>
internal sealed class MatchRule(
    string name,
    string type,
    string severity,
    Func<AuditEvent, bool> matches,
    Func<AuditEvent, AlertActor, string> key,
    Func<AuditEvent, string> summary,
    TimeSpan cooldown) : AlertRule(name, type, severity)
{
    private readonly SlidingWindow _fired = new(cooldown);

    public override bool Applies(AuditEvent e) => matches(e);

    public override Alert? Evaluate(AuditEvent e, AlertActor who)
    {
        if (cooldown > TimeSpan.Zero)
        {
            var k = key(e, who);
            _fired.Add(k, "", e.Time);
            if (!_fired.TryFire(k, e.Time))
            {
                return null;
            }
        }

        return Create(e, who, summary(e), 1, 0, cooldown);
    }
}
