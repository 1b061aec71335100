using Strongroom.Scanner.Detection;

namespace Strongroom.Scanner.Migration;

/// <summary>One secret to move: where it is, and the reference that replaces it.</summary>
internal sealed record MigrationStep(Finding Finding, SecretReference Reference)
{
    public override string ToString() => $"{Finding.Path}:{Finding.Line} -> {Reference}";
}
