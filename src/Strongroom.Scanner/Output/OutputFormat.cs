namespace Strongroom.Scanner.Output;

/// <summary>`--format` values.</summary>
internal enum OutputFormat
{
    Text,
    Json,
    JsonLines,
    Sarif,
}
