using System.Text.Json.Serialization;

namespace Strongroom.Engines.Ai;

/// <summary>Source-generated serialisation of the ai engine's stored records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(AiProvider))]
[JsonSerializable(typeof(AiRole))]
[JsonSerializable(typeof(VirtualKeyRecord))]
[JsonSerializable(typeof(RoleDayUsage))]
[JsonSerializable(typeof(PricingTable))]
internal sealed partial class AiJsonContext : JsonSerializerContext;
