using System.Text.Json.Serialization;

namespace Strongroom.Engines.Database;

/// <summary>Source-generated serialisation of the records the engine keeps in its storage view.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ConnectionConfig))]
[JsonSerializable(typeof(RoleEntry))]
[JsonSerializable(typeof(StaticRoleEntry))]
internal sealed partial class DatabaseJsonContext : JsonSerializerContext;
