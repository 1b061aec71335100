namespace Strongroom.Audit;

/// <summary>One configured rule. Evaluated under the engine's lock with event times, so rules need no locking or timers.</summary>
internal abstract class AlertRule(string name, string type, string severity)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string Severity { get; } = severity;

    /// <summary>An alert (without Id) when <paramref name="e"/> makes the rule fire; null otherwise.</summary>
    public abstract Alert? Evaluate(AuditEvent e, AlertActor who);

    protected Alert Create(AuditEvent e, AlertActor who, string summary, long count, long threshold, TimeSpan window) => new()
    {
        Id = "",
        Time = e.Time,
        Rule = Name,
        RuleType = Type,
        Severity = Severity,
        Summary = summary,
        Who = who,
        Path = e.Request.Path,
        Operation = e.Request.Operation,
        Count = count,
        Threshold = threshold,
        Window = window,
    };
}
