using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Sources;

/// <summary>
/// Scans one file's bytes: plain text directly, and containers by looking inside — zip, tar, gzip, zstd
/// (nested up to <see cref="MaxDepth"/>), container image tarballs (every layer, config Env/history,
/// whiteouts), Jupyter notebooks (decoded cells and outputs) and Kubernetes Secret manifests (decoded data).
/// Nested content is reported as `outer!inner`.
/// </summary>
internal sealed class FileScanner
{
    public const int MaxDepth = 4;
    private static readonly UTF8Encoding StrictUtf8 = new(false, false);

    private readonly Detector _detector;
    private readonly long _maxEntryBytes;

    public FileScanner(Detector detector, long maxEntryBytes)
    {
        _detector = detector;
        _maxEntryBytes = maxEntryBytes;
    }

    public Detector Detector => _detector;

    /// <summary>Warnings for content that could not be opened (corrupt archive, no libzstd); never secret-bearing.</summary>
    public event Action<string>? Warning;

    public List<Finding> Scan(string path, byte[] content, string? commit = null) =>
        Scan(new Origin(path, commit, null), content, 0);

    internal List<Finding> Scan(Origin origin, byte[] content, int depth)
    {
        if (FileClassifier.IsLockFile(origin.Path) || _detector.Rules.IsPathAllowed(origin.Path))
        {
            return [];
        }

        var kind = FileClassifier.Sniff(content);
        if (depth >= MaxDepth && kind is not (ContentKind.Text or ContentKind.Binary))
        {
            Warning?.Invoke($"{origin.Path}: nested deeper than {MaxDepth} levels, not opened");
            return [];
        }

        try
        {
            return kind switch
            {
                ContentKind.Text => ScanText(origin, Decode(content)),
                ContentKind.Zip => ScanZip(origin, content, depth),
                ContentKind.Tar => new TarScanner(this).Scan(origin, content, depth),
                ContentKind.Gzip => Decompressed(origin, content, depth, Gunzip),
                ContentKind.Zstd => Decompressed(origin, content, depth, data => ZstdDecoder.TryDecompress(data, _maxEntryBytes)),
                _ => [],
            };
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or IOException)
        {
            Warning?.Invoke($"{origin.Path}: could not be read as {kind} ({ex.GetType().Name})");
            return [];
        }
    }

    internal void Warn(string message) => Warning?.Invoke(message);

    internal byte[]? ReadBounded(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > _maxEntryBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static string Decode(byte[] content)
    {
        var offset = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0;
        return StrictUtf8.GetString(content, offset, content.Length - offset);
    }

    private List<Finding> ScanText(Origin origin, string text)
    {
        var target = new ScanTarget(origin.Path, text)
        {
            Commit = origin.Commit,
            Layer = origin.Layer,
            SkipGenericRules = FileClassifier.IsMinified(origin.Path, text),
        };
        var findings = _detector.Scan(target);
        var name = FileClassifier.FileName(origin.Path);
        if (name.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            AddNew(findings, NotebookCells.Extract(target).SelectMany(_detector.Scan).Select(f => Locate(f, text)));
        }
        else if (KubernetesSecrets.MightContain(name, text))
        {
            var decoded = KubernetesSecrets.Extract(target);
            var dataLines = decoded.Select(t => t.FixedLine).ToHashSet();

            // The raw base64 of a data value is replaced by what it decodes to.
            findings.RemoveAll(f => dataLines.Contains(f.Line));
            AddNew(findings, decoded.SelectMany(_detector.Scan));
        }

        return findings;
    }

    /// <summary>Adds decoded-content findings whose secret the raw scan did not already report.</summary>
    private static void AddNew(List<Finding> findings, IEnumerable<Finding> decoded)
    {
        var seen = findings.Select(f => f.Secret).ToHashSet(StringComparer.Ordinal);
        foreach (var finding in decoded)
        {
            if (seen.Add(finding.Secret))
            {
                findings.Add(finding);
            }
        }
    }

    /// <summary>Points a finding from decoded text at the raw file line where its first line of text occurs.</summary>
    private static Finding Locate(Finding finding, string raw)
    {
        var head = finding.Secret.Split('\n')[0];
        head = head.Length > 64 ? head[..64] : head;
        var index = raw.IndexOf(head, StringComparison.Ordinal);
        if (index < 0)
        {
            return finding;
        }

        var lineStart = index == 0 ? 0 : raw.LastIndexOf('\n', index - 1) + 1;
        return finding.With(finding.Detail, raw.AsSpan(0, index).Count('\n') + 1, index - lineStart + 1);
    }

    private List<Finding> ScanZip(Origin origin, byte[] content, int depth)
    {
        var findings = new List<Finding>();
        using var archive = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
        foreach (var entry in archive.Entries)
        {
            if (entry.FullName.EndsWith('/') || entry.Length > _maxEntryBytes)
            {
                continue;
            }

            using var stream = entry.Open();
            if (ReadBounded(stream) is { } bytes)
            {
                findings.AddRange(Scan(origin.Child(entry.FullName), bytes, depth + 1));
            }
        }

        return findings;
    }

    private List<Finding> Decompressed(Origin origin, byte[] content, int depth, Func<byte[], byte[]?> decompress)
    {
        var inner = decompress(content);
        if (inner is null)
        {
            Warn($"{origin.Path}: compressed content could not be decompressed (corrupt, too large, or libzstd missing)");
            return [];
        }

        // A .gz/.zst wraps one stream: keep the outer path, the inner kind decides what happens next.
        return Scan(origin, inner, depth + 1);
    }

    private byte[]? Gunzip(byte[] content)
    {
        using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        return ReadBounded(gzip);
    }

    internal static IEnumerable<TarEntry> Entries(Stream stream)
    {
        using var reader = new TarReader(stream, leaveOpen: true);
        while (reader.GetNextEntry() is { } entry)
        {
            yield return entry;
        }
    }
}
