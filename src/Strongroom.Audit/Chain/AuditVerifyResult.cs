namespace Strongroom.Audit;

/// <summary>
/// The outcome of verifying a chained audit log. When not clean, <see cref="File"/> and
/// <see cref="LineNumber"/> (1-based, within that file) locate the first problem, and
/// <see cref="Kind"/> is "deleted", "inserted", "modified" or "reordered".
/// </summary>
public sealed record AuditVerifyResult(
    bool Clean,
    long Lines,
    int Files,
    int Segments,
    string Kind,
    string File,
    long LineNumber,
    string Detail,
    IReadOnlyList<string> Notes)
{
    public override string ToString() => Clean
        ? $"ok: {Lines} lines in {Files} file(s), chain intact ({Segments} segment(s))"
        : $"TAMPERED: {File}:{LineNumber}: {Kind}: {Detail}";
}
