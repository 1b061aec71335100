using System.Text.Encodings.Web;
using System.Text.Json;

namespace Strongroom.Cli.Output;

/// <summary>JSON serializer options for CLI output (indented by two spaces like Vault's, no HTML escaping).</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
