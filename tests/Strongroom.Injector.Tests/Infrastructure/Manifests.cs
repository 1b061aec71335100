using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Strongroom.Injector.Tests.Infrastructure;

/// <summary>Reads deploy/kubernetes/*.yaml into JSON nodes (scalars as strings) for consistency checks.</summary>
internal static class Manifests
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "deploy", "kubernetes");

    public static List<JsonObject> All()
    {
        var documents = new List<JsonObject>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using var reader = new StringReader(File.ReadAllText(file));
            stream.Load(reader);
            documents.AddRange(stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonObject>());
        }

        return documents;
    }

    public static JsonObject Find(List<JsonObject> documents, string kind, string name) =>
        documents.Single(d => (string?)d["kind"] == kind && (string?)d["metadata"]!["name"] == name);

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Strongroom.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Strongroom.slnx) not found above " + AppContext.BaseDirectory);
    }
}
