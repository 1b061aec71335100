namespace Strongroom.Cli.Kv;

/// <summary>A kv mount: its path ("secret/", always ending in '/', or "" when unknown) and engine version (1 or 2).</summary>
internal sealed record KvMount(string MountPath, int Version)
{
    public bool IsV2 => Version == 2;
}
