using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Kv;

/// <summary>
/// The KV v2 storage layout inside the mount's view:
/// <c>config</c> (mount settings), <c>metadata/&lt;path&gt;</c> (one <see cref="KeyMetadata"/> per key,
/// so LIST on metadata/ is a plain storage list), and <c>versions/&lt;sha256(path)&gt;/&lt;n&gt;</c>
/// (the secret payload of version n). A read is two gets: metadata, then the version.
/// A mutation of a key builds its writes (<see cref="MetadataWrite"/>, <see cref="VersionWrite"/>, ...)
/// and commits them in one <see cref="CommitAsync"/>: the version and the metadata that lists it
/// land together or not at all.
/// </summary>
internal sealed class KvV2Store
{
    private const string ConfigKey = "config";
    private const string MetadataPrefix = "metadata/";
    private const string VersionsPrefix = "versions/";
    private readonly IStorageView _storage;

    public KvV2Store(IStorageView storage)
    {
        _storage = storage;
    }

    public async ValueTask<KvV2Config> GetConfigAsync(CancellationToken cancellationToken)
    {
        var raw = await _storage.GetAsync(ConfigKey, cancellationToken).ConfigureAwait(false);
        return raw is null ? new KvV2Config() : JsonSerializer.Deserialize(raw, KvJsonContext.Default.KvV2Config) ?? new KvV2Config();
    }

    public ValueTask PutConfigAsync(KvV2Config config, CancellationToken cancellationToken) =>
        _storage.PutAsync(ConfigKey, JsonSerializer.SerializeToUtf8Bytes(config, KvJsonContext.Default.KvV2Config), cancellationToken);

    public async ValueTask<KeyMetadata?> GetMetadataAsync(string path, CancellationToken cancellationToken)
    {
        var raw = await _storage.GetAsync(MetadataPrefix + path, cancellationToken).ConfigureAwait(false);
        return raw is null ? null : JsonSerializer.Deserialize(raw, KvJsonContext.Default.KeyMetadata);
    }

    /// <summary>Commits <paramref name="writes"/> in one atomic, durable storage batch.</summary>
    public ValueTask CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken) =>
        _storage.CommitAsync(writes, cancellationToken);

    public static StorageWrite MetadataWrite(string path, KeyMetadata metadata) =>
        StorageWrite.Put(MetadataPrefix + path, JsonSerializer.SerializeToUtf8Bytes(metadata, KvJsonContext.Default.KeyMetadata));

    public static StorageWrite MetadataDelete(string path) => StorageWrite.Delete(MetadataPrefix + path);

    /// <summary>Immediate children of the folder <paramref name="folder"/> ("" or ending in '/').</summary>
    public ValueTask<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken) =>
        _storage.ListAsync(MetadataPrefix + folder, cancellationToken);

    /// <summary>The payload of one version, or null when its entry is gone.</summary>
    public async ValueTask<JsonObject?> GetVersionAsync(string path, long version, CancellationToken cancellationToken)
    {
        var raw = await _storage.GetAsync(VersionKey(path, version), cancellationToken).ConfigureAwait(false);
        return raw is null ? null : JsonNode.Parse(raw) as JsonObject;
    }

    /// <summary>The put of version <paramref name="version"/>'s payload; zero its value once committed.</summary>
    public static StorageWrite VersionWrite(string path, long version, JsonObject data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            data.WriteTo(writer);
        }

        try
        {
            return StorageWrite.Put(VersionKey(path, version), buffer.WrittenSpan.ToArray());
        }
        finally
        {
            buffer.Clear();
        }
    }

    public static StorageWrite VersionDelete(string path, long version) => StorageWrite.Delete(VersionKey(path, version));

    private static string VersionKey(string path, long version) =>
        string.Concat(VersionsPrefix, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path))), "/", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
