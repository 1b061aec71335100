using System.Text.Json.Serialization;

namespace Strongroom.Engines.Kv;

/// <summary>Source-generated serialisation of the KV v2 records kept in storage.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(KeyMetadata))]
[JsonSerializable(typeof(KvV2Config))]
internal sealed partial class KvJsonContext : JsonSerializerContext;
