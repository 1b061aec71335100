namespace Strongroom.Scanner.Workflow;

/// <summary>What the process is attached to: colour for stdout, progress for stderr.</summary>
internal sealed record Terminal(bool Color, bool Interactive)
{
    public static readonly Terminal None = new(false, false);
}
