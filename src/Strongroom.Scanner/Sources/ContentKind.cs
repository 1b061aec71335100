namespace Strongroom.Scanner.Sources;

/// <summary>Container format recognised from a file's magic bytes.</summary>
internal enum ContentKind
{
    Text,
    Binary,
    Zip,
    Gzip,
    Zstd,
    Tar,
}
