using System.Text;
using System.Text.RegularExpressions;
using Strongroom.Scanner.Detection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strongroom.Scanner.Sources;

/// <summary>
/// Kubernetes Secret manifests: `data:` values are base64, so they are decoded and scanned as
/// `name: value` (letting generic rules see the key name). Findings point at the data key's line.
/// </summary>
internal static partial class KubernetesSecrets
{
    public static bool MightContain(string fileName, string text) =>
        (fileName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        && SecretKind().IsMatch(text);

    public static List<ScanTarget> Extract(ScanTarget manifest)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(manifest.Text));
        }
        catch (YamlException)
        {
            return [];
        }

        var targets = new List<ScanTarget>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root || Scalar(root, "kind") != "Secret"
                || !root.Children.TryGetValue(new YamlScalarNode("data"), out var dataNode) || dataNode is not YamlMappingNode data)
            {
                continue;
            }

            foreach (var (keyNode, valueNode) in data.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { } key } || valueNode is not YamlScalarNode { Value: { } encoded })
                {
                    continue;
                }

                if (Decode(encoded) is { } decoded)
                {
                    targets.Add(new ScanTarget(manifest.Path, $"{key}: {decoded}")
                    {
                        Commit = manifest.Commit,
                        Layer = manifest.Layer,
                        Detail = $"data.{key} (base64-decoded)",
                        FixedLine = (int)keyNode.Start.Line,
                    });
                }
            }
        }

        return targets;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static string? Decode(string base64)
    {
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^kind:\s*[""']?Secret[""']?\s*$", RegexOptions.Multiline)]
    private static partial Regex SecretKind();
}
