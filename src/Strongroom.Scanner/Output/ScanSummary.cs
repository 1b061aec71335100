namespace Strongroom.Scanner.Output;

/// <summary>Counters of one scan run (no secret material).</summary>
internal sealed record ScanSummary(long Files, long Bytes, TimeSpan Elapsed, int Suppressed);
