using System.Security.Cryptography;
using System.Text;
using Strongroom.Sdk;

namespace Strongroom.Engines.Tests.Transit;

public sealed class UtilityPathsTests
{
    private readonly TransitHarness _t = new();

    [Fact]
    public void Random_DefaultIs32BytesBase64()
    {
        var a = (string)_t.Write("random", new { }).Data!["random_bytes"]!;
        var b = (string)_t.Write("random", new { }).Data!["random_bytes"]!;

        Assert.Equal(32, Convert.FromBase64String(a).Length);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("random/16", "{}", 16)]
    [InlineData("random/platform/8", "{}", 8)]
    [InlineData("random", """{"bytes": 5}""", 5)]
    [InlineData("random/all", """{"bytes": "7"}""", 7)]
    public void Random_CountFromPathOrBody_HexFormat(string path, string body, int count)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        node["format"] = "hex";

        var hex = (string)_t.Write(path, node.ToJsonString()).Data!["random_bytes"]!;

        Assert.Equal(count, Convert.FromHexString(hex).Length);
    }

    [Theory]
    [InlineData("random/0", "{}")]
    [InlineData("random/abc", "{}")]
    [InlineData("random", """{"bytes": 200000}""")]
    [InlineData("random", """{"format": "base32"}""")]
    [InlineData("random", """{"source": "moon"}""")]
    [InlineData("random", """{"bytes": "many"}""")]
    public void Random_BadInput_BadRequest(string path, string body)
    {
        Assert.Equal(ErrorCode.BadRequest, _t.Write(path, body).ErrorCode);
    }

    [Fact]
    public void Hash_DefaultSha256Hex_AndOthers()
    {
        var input = Encoding.UTF8.GetBytes("fake input");
        var b64 = Convert.ToBase64String(input);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), (string)_t.Write("hash", new { input = b64 }).Data!["sum"]!);
        Assert.Equal(Convert.ToBase64String(SHA512.HashData(input)), (string)_t.Write("hash/sha2-512", new { input = b64, format = "base64" }).Data!["sum"]!);
        Assert.Equal(Convert.ToHexStringLower(SHA384.HashData(input)), (string)_t.Write("hash", new { input = b64, algorithm = "sha2-384" }).Data!["sum"]!);
    }

    [Theory]
    [InlineData("hash", """{}""", "missing input")]
    [InlineData("hash", """{"input": "###"}""", "base64")]
    [InlineData("hash/sha2-224", """{"input": ""}""", "unsupported")]
    [InlineData("hash/whirlpool", """{"input": ""}""", "unsupported")]
    [InlineData("hash", """{"input": "", "format": "raw"}""", "format")]
    public void Hash_BadInput_BadRequest(string path, string body, string message)
    {
        var response = _t.Write(path, body);

        Assert.Equal(ErrorCode.BadRequest, response.ErrorCode);
        Assert.Contains(message, response.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void RandomAndHash_ReadIsUnsupported()
    {
        Assert.Equal(ErrorCode.UnsupportedOperation, _t.Read("random").ErrorCode);
        Assert.Equal(ErrorCode.UnsupportedOperation, _t.Read("hash").ErrorCode);
    }
}
