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

    public ValueTask PutMetadataAsync(string path, KeyMetadata metadata, CancellationToken cancellationToken) =>
        _storage.PutAsync(MetadataPrefix + path, JsonSerializer.SerializeToUtf8Bytes(metadata, KvJsonContext.Default.KeyMetadata), cancellationToken);

    public ValueTask DeleteMetadataAsync(string path, CancellationToken cancellationToken) =>
        _storage.DeleteAsync(MetadataPrefix + path, cancellationToken);

    /// <summary>Immediate children of the folder <paramref name="folder"/> ("" or ending in '/').</summary>
    public ValueTask<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken) =>
        _storage.ListAsync(MetadataPrefix + folder, cancellationToken);

    /// <summary>The payload of one version, or null when its entry is gone.</summary>
    public async ValueTask<JsonObject?> GetVersionAsync(string path, long version, CancellationToken cancellationToken)
    {
        var raw = await _storage.GetAsync(VersionKey(path, version), cancellationToken).ConfigureAwait(false);
        return raw is null ? null : JsonNode.Parse(raw) as JsonObject;
    }

    public async ValueTask PutVersionAsync(string path, long version, JsonObject data, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            data.WriteTo(writer);
        }

        try
        {
            await _storage.PutAsync(VersionKey(path, version), buffer.WrittenSpan.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            buffer.Clear();
        }
    }

    public ValueTask DeleteVersionAsync(string path, long version, CancellationToken cancellationToken) =>
        _storage.DeleteAsync(VersionKey(path, version), cancellationToken);

    private static string VersionKey(string path, long version) =>
        string.Concat(VersionsPrefix, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path))), "/", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
