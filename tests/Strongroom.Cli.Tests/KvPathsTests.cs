using System.Text.Json.Nodes;
using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Tests;

public sealed class KvPathsTests
{
    [Theory]
    [InlineData("secret/foo", "secret/", "data", "secret/data/foo")]
    [InlineData("secret/foo/bar", "secret/", "metadata", "secret/metadata/foo/bar")]
    [InlineData("secret", "secret/", "metadata", "secret/metadata")]
    [InlineData("secret/", "secret/", "metadata", "secret/metadata")]
    [InlineData("team/kv/app", "team/kv/", "data", "team/kv/data/app")]
    [InlineData("/secret/foo/", "secret/", "delete", "secret/delete/foo")]
    public void AddPrefix_V2Path_InsertsPrefixAfterMount(string path, string mount, string prefix, string expected)
    {
        Assert.Equal(expected, KvPaths.AddPrefix(path, mount, prefix));
    }

    [Fact]
    public void ApiPath_V1_LeavesPathAlone()
    {
        Assert.Equal("kv1/foo", KvPaths.ApiPath(new KvMount("kv1/", 1), "kv1/foo", "data"));
    }

    [Fact]
    public void ApiPath_V2_AddsPrefix()
    {
        Assert.Equal("secret/data/foo", KvPaths.ApiPath(new KvMount("secret/", 2), "secret/foo", "data"));
    }

    [Theory]
    [InlineData(null, "secret/foo", "secret/foo")]
    [InlineData("secret", "foo", "secret/foo")]
    [InlineData("secret/", "/ai/openai", "secret/ai/openai")]
    public void Combine_MountFlag_JoinsPath(string? mount, string key, string expected)
    {
        Assert.Equal(expected, KvPaths.Combine(mount, key));
    }

    [Fact]
    public void FindMount_MountTable_PicksLongestMatchAndVersion()
    {
        var table = JsonNode.Parse("""
            {"secret/":{"type":"kv","options":{"version":"2"}},
             "secret/legacy/":{"type":"kv","options":{"version":"1"}},
             "kv1/":{"type":"kv","options":null},
             "request_id":"not-a-mount"}
            """)!.AsObject();
        Assert.Equal(new KvMount("secret/", 2), KvMountResolver.FindMount(table, "secret/ai/openai"));
        Assert.Equal(new KvMount("secret/legacy/", 1), KvMountResolver.FindMount(table, "secret/legacy/x"));
        Assert.Equal(new KvMount("kv1/", 1), KvMountResolver.FindMount(table, "kv1"));
        Assert.Null(KvMountResolver.FindMount(table, "secretive/x"));
    }
}
