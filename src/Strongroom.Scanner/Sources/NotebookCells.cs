using System.Text;
using System.Text.Json;
using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Sources;

/// <summary>
/// Jupyter notebooks (nbformat 4): each cell's source and each output (stream text, rich `data` values) as
/// decoded text, so values inside JSON-escaped strings (`\"`, `\n`, `\u002f`) are seen as the kernel saw them.
/// Findings carry the cell in <see cref="Finding.Detail"/>; the line is the notebook file line where the cell's
/// part starts when it can be found, else 1.
/// </summary>
internal static class NotebookCells
{
    public static IEnumerable<ScanTarget> Extract(ScanTarget notebook)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(notebook.Text, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            yield break;
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
            {
                yield break;
            }

            var index = 0;
            foreach (var cell in cells.EnumerateArray())
            {
                index++;
                if (cell.TryGetProperty("source", out var source))
                {
                    yield return Target(notebook, $"cell {index} source", Join(source));
                }

                if (!cell.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var outputIndex = 0;
                foreach (var output in outputs.EnumerateArray())
                {
                    outputIndex++;
                    var text = new StringBuilder();
                    if (output.TryGetProperty("text", out var streamText))
                    {
                        text.Append(Join(streamText)).Append('\n');
                    }

                    if (output.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var mime in data.EnumerateObject())
                        {
                            if (mime.Name.StartsWith("text/", StringComparison.Ordinal) || mime.Name.EndsWith("json", StringComparison.Ordinal))
                            {
                                text.Append(Join(mime.Value)).Append('\n');
                            }
                        }
                    }

                    if (text.Length > 0)
                    {
                        yield return Target(notebook, $"cell {index} output {outputIndex}", text.ToString());
                    }
                }
            }
        }
    }

    private static ScanTarget Target(ScanTarget notebook, string detail, string text) =>
        new(notebook.Path, text) { Commit = notebook.Commit, Layer = notebook.Layer, Detail = detail, FixedLine = 1 };

    private static string Join(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Array => string.Concat(value.EnumerateArray().Select(Join)),
        JsonValueKind.Object => value.GetRawText(),
        _ => string.Empty,
    };
}
