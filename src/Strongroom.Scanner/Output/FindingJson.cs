using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Output;

/// <summary>The JSON shape of a finding, shared by the JSON and JSON-lines outputs.</summary>
internal static class FindingJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ToJson(Finding f, bool redact)
    {
        var node = new JsonObject
        {
            ["ruleId"] = f.RuleId,
            ["description"] = f.Description,
            ["severity"] = f.Severity,
            ["file"] = f.Path,
            ["line"] = f.Line,
            ["column"] = f.Column,
            ["secret"] = f.SecretForOutput(redact),
            ["redacted"] = redact,
            ["entropy"] = f.Entropy,
            ["fingerprint"] = f.Fingerprint,
        };
        if (f.Commit is not null)
        {
            node["commit"] = f.Commit;
        }

        if (f.Layer is not null)
        {
            node["layer"] = f.Layer;
        }

        if (f.Detail is not null)
        {
            node["detail"] = f.Detail;
        }

        return node;
    }
}
