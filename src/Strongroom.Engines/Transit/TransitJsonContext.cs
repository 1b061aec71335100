using System.Text.Json.Serialization;

namespace Strongroom.Engines.Transit;

/// <summary>Source-generated serialisation of the key records kept in storage.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TransitKey))]
internal sealed partial class TransitJsonContext : JsonSerializerContext;
