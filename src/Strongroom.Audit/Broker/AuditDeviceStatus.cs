namespace Strongroom.Audit;

/// <summary>What sys/audit lists for one device, plus its health. Holds no salt, key or secret.</summary>
public sealed record AuditDeviceStatus(
    string Path,
    string Type,
    string Description,
    IReadOnlyDictionary<string, string> Options,
    bool Healthy,
    string LastError,
    long Failures,
    long LinesWritten);
