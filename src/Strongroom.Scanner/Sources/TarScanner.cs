using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Sources;

/// <summary>
/// Tar archives, including container images saved as tarballs: `docker save` (manifest.json, `&lt;id&gt;/layer.tar`)
/// and OCI image layout (index.json, `blobs/sha256/&lt;digest&gt;` with no extension, gzip or zstd or plain).
/// Every layer is scanned, so files deleted by a later layer's whiteout (`.wh.name`) are still found and marked;
/// the image config (Env, history) is scanned as JSON text.
/// </summary>
internal sealed class TarScanner
{
    private readonly FileScanner _files;

    public TarScanner(FileScanner files) => _files = files;

    public List<Finding> Scan(Origin origin, byte[] content, int depth)
    {
        var findings = new List<Finding>();
        var layerOrder = new List<string>();
        var seenLayers = new List<string>();
        var whiteouts = new List<(string Layer, string Path)>();
        using var stream = new MemoryStream(content);
        foreach (var entry in FileScanner.Entries(stream))
        {
            if (!IsRegular(entry.EntryType) || entry.DataStream is null || entry.Length > int.MaxValue)
            {
                continue;
            }

            var name = Origin.Clean(entry.Name);
            if (_files.ReadBounded(entry.DataStream) is not { } bytes)
            {
                _files.Warn($"{origin.Path}!{name}: larger than the entry limit, skipped");
                continue;
            }

            ReadManifestOrder(name, bytes, layerOrder);
            var layer = LayerId(name);
            if (layer is not null && LayerTar(bytes) is { } layerTar)
            {
                seenLayers.Add(layer);
                ScanLayer(origin, layer, layerTar, depth, findings, whiteouts);
                continue;
            }

            var nested = _files.Scan(origin.Child(name), bytes, depth + 1);
            findings.AddRange(IsImageConfig(bytes) ? nested.Select(f => f.WithDetail("image config (Env/history)")) : nested);
        }

        var order = layerOrder.Count > 0 ? layerOrder : seenLayers;
        return MarkWhiteouts(origin, findings, whiteouts, order);
    }

    private void ScanLayer(Origin origin, string layer, byte[] tar, int depth, List<Finding> findings, List<(string, string)> whiteouts)
    {
        using var stream = new MemoryStream(tar);
        foreach (var entry in FileScanner.Entries(stream))
        {
            var name = Origin.Clean(entry.Name);
            var fileName = FileClassifier.FileName(name);
            if (fileName.StartsWith(".wh.", StringComparison.Ordinal))
            {
                if (fileName != ".wh..wh..opq")
                {
                    whiteouts.Add((layer, name[..^fileName.Length] + fileName[4..]));
                }

                continue;
            }

            if (!IsRegular(entry.EntryType) || entry.DataStream is null)
            {
                continue;
            }

            if (_files.ReadBounded(entry.DataStream) is { } bytes)
            {
                findings.AddRange(_files.Scan(new Origin($"{origin.Path}!{name}", origin.Commit, layer), bytes, depth + 1));
            }
        }
    }

    /// <summary>The layer's tar bytes when the blob is a (possibly compressed) tar, else null.</summary>
    private byte[]? LayerTar(byte[] blob)
    {
        var kind = FileClassifier.Sniff(blob);
        if (kind == ContentKind.Tar)
        {
            return blob;
        }

        byte[]? inner = null;
        if (kind == ContentKind.Gzip)
        {
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(blob), System.IO.Compression.CompressionMode.Decompress);
            inner = _files.ReadBounded(gzip);
        }
        else if (kind == ContentKind.Zstd)
        {
            inner = ZstdDecoder.TryDecompress(blob, int.MaxValue);
            if (inner is null)
            {
                _files.Warn("a zstd image layer could not be decompressed (libzstd missing or corrupt data)");
            }
        }

        return inner is not null && FileClassifier.Sniff(inner) == ContentKind.Tar ? inner : null;
    }

    private static List<Finding> MarkWhiteouts(Origin origin, List<Finding> findings, List<(string Layer, string Path)> whiteouts, List<string> order)
    {
        if (whiteouts.Count == 0)
        {
            return findings;
        }

        var prefix = origin.Path + "!";
        return findings.Select(f =>
        {
            if (f.Layer is null || !f.Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return f;
            }

            var inner = f.Path[prefix.Length..];
            var cut = inner.IndexOf('!', StringComparison.Ordinal);
            var file = cut < 0 ? inner : inner[..cut];
            var deletedBy = whiteouts.FirstOrDefault(w => order.IndexOf(w.Layer) > order.IndexOf(f.Layer)
                && (w.Path == file || file.StartsWith(w.Path + "/", StringComparison.Ordinal)));
            return deletedBy.Layer is null ? f : f.WithDetail($"deleted by a whiteout in later layer {deletedBy.Layer}");
        }).ToList();
    }

    private static string? LayerId(string name)
    {
        if (name.StartsWith("blobs/sha256/", StringComparison.Ordinal))
        {
            return "sha256:" + name["blobs/sha256/".Length..];
        }

        return name.EndsWith("/layer.tar", StringComparison.Ordinal) ? name[..^"/layer.tar".Length] : null;
    }

    /// <summary>Layer order from docker's manifest.json ("Layers") or an OCI manifest blob ("layers"[].digest).</summary>
    private static void ReadManifestOrder(string name, byte[] bytes, List<string> order)
    {
        if (bytes.Length == 0 || bytes.Length > 4 * 1024 * 1024 || (bytes[0] != '{' && bytes[0] != '['))
        {
            return;
        }

        try
        {
            using var json = JsonDocument.Parse(bytes);
            var root = json.RootElement;
            if (name == "manifest.json" && root.ValueKind == JsonValueKind.Array)
            {
                foreach (var image in root.EnumerateArray())
                {
                    if (image.TryGetProperty("Layers", out var layers))
                    {
                        order.AddRange(layers.EnumerateArray().Select(l => LayerId(l.GetString() ?? string.Empty)).OfType<string>());
                    }
                }
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("layers", out var ociLayers)
                && ociLayers.ValueKind == JsonValueKind.Array)
            {
                foreach (var layer in ociLayers.EnumerateArray())
                {
                    if (layer.TryGetProperty("digest", out var digest) && digest.GetString() is { } d && !order.Contains(d))
                    {
                        order.Add(d);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: an ordinary file.
        }
    }

    private static bool IsImageConfig(byte[] bytes) =>
        bytes.Length > 0 && bytes[0] == '{' && bytes.AsSpan().IndexOf("\"rootfs\""u8) >= 0
        && bytes.AsSpan().IndexOf("\"history\""u8) >= 0;

    private static bool IsRegular(TarEntryType type) =>
        type is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;
}
