using System.Text.Json.Nodes;

namespace Strongroom.Audit;

/// <summary>
/// A change notification for sinks (Vault issue #3687): kv.written, kv.deleted, lease.expiring,
/// token.expiring, policy.changed, seal.sealed, seal.unsealed. Metadata holds names, versions and
/// times only; never a secret value.
/// </summary>
public sealed record ChangeEvent(string Kind, string Path, DateTimeOffset Time, IReadOnlyDictionary<string, string>? Metadata = null)
{
    public const string KvWritten = "kv.written";
    public const string KvDeleted = "kv.deleted";
    public const string LeaseExpiring = "lease.expiring";
    public const string TokenExpiring = "token.expiring";
    public const string PolicyChanged = "policy.changed";
    public const string Sealed = "seal.sealed";
    public const string Unsealed = "seal.unsealed";

    public JsonObject ToJson()
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in Metadata ?? new Dictionary<string, string>())
        {
            metadata[key] = value;
        }

        return new JsonObject
        {
            ["type"] = "event",
            ["kind"] = Kind,
            ["path"] = Path,
            ["time"] = Time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["metadata"] = metadata,
        };
    }
}
