namespace Strongroom.Audit;

/// <summary>
/// One configured rule. <see cref="Applies"/> is a pure filter called without a lock; <see cref="Evaluate"/>
/// runs only for events that apply, under the rule's own <see cref="Gate"/>, with event times, so rules
/// need no locking or timers of their own.
/// </summary>
internal abstract class AlertRule(string name, string type, string severity)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string Severity { get; } = severity;

    /// <summary>Serialises <see cref="Evaluate"/> calls (held by the engine).</summary>
    public Lock Gate { get; } = new();

    /// <summary>Whether <paramref name="e"/> concerns this rule at all (stateless, thread-safe).</summary>
    public abstract bool Applies(AuditEvent e);

    /// <summary>An alert (without Id) when <paramref name="e"/> (which <see cref="Applies"/>) makes the rule fire; null otherwise.</summary>
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
