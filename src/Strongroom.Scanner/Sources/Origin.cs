namespace Strongroom.Scanner.Sources;

/// <summary>Where scanned content came from: display path (`outer!inner` when nested), commit, image layer.</summary>
internal sealed record Origin(string Path, string? Commit, string? Layer)
{
    public Origin Child(string innerPath) => this with { Path = $"{Path}!{Clean(innerPath)}" };

    public static string Clean(string innerPath)
    {
        var p = innerPath.Replace('\\', '/');
        p = p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p;
        return p.TrimStart('/');
    }
}
