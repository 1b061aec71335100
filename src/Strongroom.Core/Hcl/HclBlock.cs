using System.Globalization;

namespace Strongroom.Core.Hcl;

/// <summary>A block: <c>type "label1" label2 { body }</c>.</summary>
public sealed class HclBlock
{
    public HclBlock(string type, IReadOnlyList<string> labels, HclBody body, int line = 0, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(body);
        Type = type;
        Labels = labels;
        Body = body;
        Line = line;
        Column = column;
    }

    public string Type { get; }

    public IReadOnlyList<string> Labels { get; }

    public HclBody Body { get; }

    /// <summary>1-based line of the block type name.</summary>
    public int Line { get; }

    public int Column { get; }

    /// <summary>The first label, or null when the block has none.</summary>
    public string? Label => Labels.Count > 0 ? Labels[0] : null;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"HclBlock({Type}, {Labels.Count} labels) at {Line}:{Column}");
}
