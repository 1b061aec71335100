using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Strongroom.Core.Storage;

/// <summary>
/// The snapshot file format of <c>sys/storage/snapshot</c> and <c>strongroom operator snapshot</c>:
/// a JSON object <c>{format, version, created_at, entry_count, sha256, entries: [{key, value (base64)}]}</c>.
/// Values are the raw physical entries, still barrier-encrypted; <c>sha256</c> covers every key and
/// value (length-prefixed), so a truncated or edited file is refused on restore.
/// </summary>
public static class StorageSnapshot
{
    public const string Format = "strongroom-storage-snapshot";
    public const int Version = 1;

    public static JsonObject ToJson(IReadOnlyList<PhysicalEntry> entries, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var array = new JsonArray();
        foreach (var entry in entries)
        {
            array.Add(new JsonObject { ["key"] = entry.Key, ["value"] = Convert.ToBase64String(entry.Value) });
        }

        return new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["created_at"] = createdAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["entry_count"] = entries.Count,
            ["sha256"] = Checksum(entries),
            ["entries"] = array,
        };
    }

    /// <summary>Parses and verifies a snapshot; throws <see cref="FormatException"/> on any defect.</summary>
    public static IReadOnlyList<PhysicalEntry> FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            if ((string?)json["format"] != Format)
            {
                throw new FormatException($"not a storage snapshot (format must be \"{Format}\")");
            }

            if ((int?)json["version"] != Version)
            {
                throw new FormatException($"unsupported snapshot version (this build reads version {Version})");
            }

            if (json["entries"] is not JsonArray array)
            {
                throw new FormatException("snapshot has no entries array");
            }

            var entries = new List<PhysicalEntry>(array.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in array)
            {
                var key = (string?)node?["key"] ?? throw new FormatException("snapshot entry without a key");
                var value = (string?)node?["value"] ?? throw new FormatException("snapshot entry without a value");
                try
                {
                    PhysicalKeys.ValidateKey(key);
                }
                catch (ArgumentException)
                {
                    throw new FormatException("snapshot entry with an invalid key");
                }

                if (!seen.Add(key))
                {
                    throw new FormatException("snapshot has a duplicate key");
                }

                entries.Add(new PhysicalEntry(key, Convert.FromBase64String(value)));
            }

            if ((int?)json["entry_count"] != entries.Count)
            {
                throw new FormatException("snapshot entry_count does not match its entries (truncated?)");
            }

            var expected = (string?)json["sha256"] ?? throw new FormatException("snapshot has no sha256");
            var actual = Checksum(entries);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual)))
            {
                throw new FormatException("snapshot checksum mismatch: the file was altered or truncated");
            }

            return entries;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Text.Json.JsonException)
        {
            throw new FormatException("malformed snapshot: " + ex.Message, ex);
        }
    }

    private static string Checksum(IReadOnlyList<PhysicalEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var entry in entries)
        {
            var key = Encoding.UTF8.GetBytes(entry.Key);
            BinaryPrimitives.WriteInt32BigEndian(length, key.Length);
            hash.AppendData(length);
            hash.AppendData(key);
            BinaryPrimitives.WriteInt32BigEndian(length, entry.Value.Length);
            hash.AppendData(length);
            hash.AppendData(entry.Value);
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
