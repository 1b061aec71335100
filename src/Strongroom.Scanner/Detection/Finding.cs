using System.Security.Cryptography;
using System.Text;

namespace Strongroom.Scanner.Detection;

/// <summary>
/// One detected secret. <see cref="Secret"/> is the raw value: outputs redact it unless asked not to, and
/// <see cref="ToString"/> never includes it.
/// </summary>
internal sealed class Finding
{
    public required string RuleId { get; init; }

    public required string Description { get; init; }

    public required string Severity { get; init; }

    /// <summary>Path relative to the scan root, '/'-separated; `archive!inner/path` for nested content.</summary>
    public required string Path { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    public required string Secret { get; init; }

    /// <summary>For generic and context rules: the variable/key name the secret was assigned to, if seen.</summary>
    public string? KeyName { get; init; }

    public string? Commit { get; init; }

    /// <summary>Container image layer (blob digest or layer path) the file came from.</summary>
    public string? Layer { get; init; }

    /// <summary>Where inside the file, when the line alone does not say (notebook cell, k8s data key).</summary>
    public string? Detail { get; init; }

    public double Entropy { get; init; }

    /// <summary>
    /// Stable id: SHA-256 over rule, path and secret (not line or commit), so a secret keeps its fingerprint
    /// when lines move and across the commits that carry it. Used by baselines.
    /// </summary>
    public string Fingerprint => ComputeFingerprint(RuleId, Path, Secret);

    public static string ComputeFingerprint(string ruleId, string path, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes($"{ruleId}\0{path}\0{secret}");
        var hash = SHA256.HashData(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>First 4 and last 2 characters; short values are fully masked.</summary>
    public static string Redact(string secret) =>
        secret.Length < 12 ? new string('*', Math.Max(secret.Length, 4)) : $"{secret[..4]}…{secret[^2..]}";

    public string SecretForOutput(bool redact) => redact ? Redact(Secret) : Secret;

    /// <summary>A copy with another <see cref="Detail"/>.</summary>
    public Finding WithDetail(string? detail) => With(detail, Line, Column);

    /// <summary>A copy with another detail and position.</summary>
    public Finding With(string? detail, int line, int column) => new()
    {
        RuleId = RuleId,
        Description = Description,
        Severity = Severity,
        Path = Path,
        Line = line,
        Column = column,
        Secret = Secret,
        KeyName = KeyName,
        Commit = Commit,
        Layer = Layer,
        Detail = detail,
        Entropy = Entropy,
    };

    public override string ToString() => $"{RuleId} {Path}:{Line}:{Column}";
}
