namespace Strongroom.Audit;

/// <summary>The outcome of <see cref="AuditBroker.Enable"/>: an error (400) or success with warnings to show and log.</summary>
public sealed record AuditEnableResult(bool Success, string Error, IReadOnlyList<string> Warnings)
{
    public static AuditEnableResult Failed(string error) => new(false, error, []);
}
