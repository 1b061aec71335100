using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Workflow;

/// <summary>Outcome of a scan: findings, how many the baseline hid, or a usage error.</summary>
internal sealed record ScanResult(IReadOnlyList<Finding> Findings, int Suppressed, string? Error)
{
    public static ScanResult Fail(string error) => new([], 0, error);
}
