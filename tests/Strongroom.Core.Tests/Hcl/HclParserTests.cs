using System.Text.Json.Nodes;
using Strongroom.Core.Hcl;

namespace Strongroom.Core.Tests.Hcl;

public sealed class HclParserTests
{
    private const string ServerConfig = """
        # Strongroom server config
        storage "sqlite" {
          path = "/var/lib/strongroom/data.db"
        }

        listener "tcp" { address = "0.0.0.0:8200" tls_disable = true }

        api_addr          = "https://vault.example.test:8200"
        default_lease_ttl = "768h"
        ui                = true

        alert "auth-failures" {
          threshold = 5
          window    = "1m"
        }
        """;

    [Fact]
    public void Parse_ServerConfig_ReadsAttributesAndBlocks()
    {
        var body = HclParser.Parse(ServerConfig);

        Assert.Equal(["api_addr", "default_lease_ttl", "ui"], body.Attributes.Keys);
        Assert.Equal("https://vault.example.test:8200", body.Attribute("api_addr")!.GetString());
        Assert.Equal("768h", body.Attribute("default_lease_ttl")!.GetString());
        Assert.True(body.Attribute("ui")!.GetBool());

        Assert.Equal(["storage", "listener", "alert"], body.Blocks.Select(b => b.Type));
        var storage = Assert.Single(body.BlocksOfType("storage"));
        Assert.Equal("sqlite", storage.Label);
        Assert.Equal("/var/lib/strongroom/data.db", storage.Body.Attribute("path")!.GetString());

        var listener = Assert.Single(body.BlocksOfType("listener"));
        Assert.Equal("0.0.0.0:8200", listener.Body.Attribute("address")!.GetString());
        Assert.True(listener.Body.Attribute("tls_disable")!.GetBool());

        var alert = Assert.Single(body.BlocksOfType("alert"));
        Assert.Equal(["auth-failures"], alert.Labels);
        Assert.Equal(5, alert.Body.Attribute("threshold")!.GetInt64());
        Assert.Equal("1m", alert.Body.Attribute("window")!.GetString());
    }

    [Fact]
    public void Parse_ServerConfig_RecordsPositions()
    {
        var body = HclParser.Parse(ServerConfig);

        var storage = body.Blocks[0];
        Assert.Equal((2, 1), (storage.Line, storage.Column));
        var threshold = body.Blocks[2].Body.Attribute("threshold")!;
        Assert.Equal((13, 15), (threshold.Line, threshold.Column));
    }

    [Fact]
    public void Parse_BlockWithSeveralLabels_KeepsLabelsInOrder()
    {
        var body = HclParser.Parse("resource \"a\" b \"c\" {\n}\nempty {}\n");

        Assert.Equal(["a", "b", "c"], body.Blocks[0].Labels);
        Assert.Empty(body.Blocks[1].Labels);
        Assert.Null(body.Blocks[1].Label);
        Assert.Empty(body.Blocks[1].Body.Attributes);
    }

    [Fact]
    public void Parse_NestedBlocks_BuildsTree()
    {
        var body = HclParser.Parse("outer \"x\" {\n  inner {\n    deep \"y\" { v = 1 }\n  }\n}\n");

        var deep = body.Blocks[0].Body.Blocks[0].Body.Blocks[0];
        Assert.Equal("deep", deep.Type);
        Assert.Equal(1, deep.Body.Attribute("v")!.GetInt64());
    }

    [Theory]
    [InlineData("\"a\\nb\"", "a\nb")]
    [InlineData("\"tab\\there\"", "tab\there")]
    [InlineData("\"q\\\"q\"", "q\"q")]
    [InlineData("\"back\\\\slash\"", "back\\slash")]
    [InlineData("\"cr\\r\"", "cr\r")]
    [InlineData("\"\\u00e9t\\u00E9\"", "été")]
    [InlineData("\"\\U0001F600\"", "\U0001F600")]
    [InlineData("\"${not.evaluated}\"", "${not.evaluated}")]
    [InlineData("\"\"", "")]
    public void Parse_StringEscapes_AreDecoded(string literal, string expected)
    {
        var body = HclParser.Parse($"v = {literal}");

        Assert.Equal(expected, body.Attribute("v")!.GetString());
    }

    [Fact]
    public void Parse_Heredoc_KeepsLinesAndTrailingNewline()
    {
        var body = HclParser.Parse("v = <<EOF\n  line one\n    line two\nEOF\nafter = 1\n");

        Assert.Equal("  line one\n    line two\n", body.Attribute("v")!.GetString());
        Assert.Equal(1, body.Attribute("after")!.GetInt64());
    }

    [Fact]
    public void Parse_FlushHeredoc_RemovesCommonIndentation()
    {
        var body = HclParser.Parse("block {\n  v = <<-POLICY\n    path \"a\" {\n      x = 1\n    }\n    POLICY\n}\n");

        Assert.Equal("path \"a\" {\n  x = 1\n}\n", body.Blocks[0].Body.Attribute("v")!.GetString());
    }

    [Fact]
    public void Parse_HeredocContentLooksLikeHcl_IsNotParsed()
    {
        var body = HclParser.Parse("v = <<EOT\n# not a comment\n\"unterminated\nEOT\n");

        Assert.Equal("# not a comment\n\"unterminated\n", body.Attribute("v")!.GetString());
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    public void Parse_IntegerLiterals_AreInt64(string literal, long expected)
    {
        var value = HclParser.Parse($"n = {literal}").Attribute("n")!;

        Assert.Equal(HclValueKind.Number, value.Kind);
        Assert.Equal(expected, value.GetInt64());
        Assert.Equal(literal, value.NumberText);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("2e3", 2000.0)]
    [InlineData("1.5E-1", 0.15)]
    public void Parse_FractionalLiterals_AreDoubles(string literal, double expected)
    {
        var value = HclParser.Parse($"n = {literal}").Attribute("n")!;

        Assert.Equal(expected, value.GetDouble(), 10);
        Assert.Throws<HclParseException>(() => value.GetInt64());
    }

    [Fact]
    public void Parse_BoolsAndNull_AreRecognised()
    {
        var body = HclParser.Parse("a = true\nb = false\nc = null\n");

        Assert.True(body.Attribute("a")!.GetBool());
        Assert.False(body.Attribute("b")!.GetBool());
        Assert.True(body.Attribute("c")!.IsNull);
    }

    [Fact]
    public void Parse_ListsWithTrailingCommaAndNewlines_ReadAllItems()
    {
        var body = HclParser.Parse("a = [\"x\", 2, true,]\nb = [\n  \"y\",\n  [1, 2]\n]\nc = []\n");

        var a = body.Attribute("a")!.Items;
        Assert.Equal(3, a.Count);
        Assert.Equal("x", a[0].GetString());
        Assert.Equal(2, a[1].GetInt64());
        Assert.True(a[2].GetBool());
        var b = body.Attribute("b")!.Items;
        Assert.Equal("y", b[0].GetString());
        Assert.Equal(2, b[1].Items.Count);
        Assert.Empty(body.Attribute("c")!.Items);
    }

    [Fact]
    public void Parse_ObjectsWithEqualsColonCommasAndNewlines_KeepOrder()
    {
        var body = HclParser.Parse("o = { k = 1, \"k2\" = \"v2\", k3: [] }\np = {\n  z = 1\n  \"a\": { nested = true }\n}\n");

        var o = body.Attribute("o")!.Members;
        Assert.Equal(["k", "k2", "k3"], o.Keys);
        Assert.Equal("v2", o["k2"].GetString());
        Assert.Empty(o["k3"].Items);
        var p = body.Attribute("p")!.Members;
        Assert.Equal(["z", "a"], p.Keys);
        Assert.True(p["a"].Members["nested"].GetBool());
    }

    [Fact]
    public void Parse_AllCommentStyles_AreIgnored()
    {
        var body = HclParser.Parse("# hash\n// slashes\n/* block\n comment */ a = 1 # trailing\nb = /* inline */ 2 // trailing\n");

        Assert.Equal(1, body.Attribute("a")!.GetInt64());
        Assert.Equal(2, body.Attribute("b")!.GetInt64());
    }

    [Fact]
    public void Parse_QuotedAttributeNameAndCrLf_AreAccepted()
    {
        var body = HclParser.Parse("\"quoted key\" = 1\r\nplain = \"x\"\r\n");

        Assert.Equal(1, body.Attribute("quoted key")!.GetInt64());
        Assert.Equal("x", body.Attribute("plain")!.GetString());
    }

    [Fact]
    public void Parse_EmptyOrCommentOnlyDocument_IsEmptyBody()
    {
        Assert.Empty(HclParser.Parse("").Attributes);
        var body = HclParser.Parse("\n# nothing here\n\n");
        Assert.Empty(body.Attributes);
        Assert.Empty(body.Blocks);
    }

    [Fact]
    public void ToJsonNode_ServerConfig_NestsBlocksByLabel()
    {
        var json = HclParser.Parse(ServerConfig).ToJsonNode();

        var expected = JsonNode.Parse("""
            {
              "api_addr": "https://vault.example.test:8200",
              "default_lease_ttl": "768h",
              "ui": true,
              "storage": { "sqlite": { "path": "/var/lib/strongroom/data.db" } },
              "listener": { "tcp": { "address": "0.0.0.0:8200", "tls_disable": true } },
              "alert": { "auth-failures": { "threshold": 5, "window": "1m" } }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void ToJsonNode_RepeatedBlocks_BecomeArrays()
    {
        var json = HclParser.Parse("path \"a\" { x = 1 }\npath \"a\" { x = 2 }\npath \"b\" { x = 3 }\nnolabel { y = 1 }\nnolabel { y = 2 }\n").ToJsonNode();

        var expected = JsonNode.Parse("""
            { "path": { "a": [ { "x": 1 }, { "x": 2 } ], "b": { "x": 3 } }, "nolabel": [ { "y": 1 }, { "y": 2 } ] }
            """);
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void ToJsonNode_ValuesOfEveryKind_MapToJson()
    {
        var json = HclParser.Parse("s = \"x\"\nn = 3\nf = 0.5\nb = false\nz = null\nl = [1, \"two\"]\no = { k = \"v\" }\n").ToJsonNode();

        var expected = JsonNode.Parse("""{ "s": "x", "n": 3, "f": 0.5, "b": false, "z": null, "l": [1, "two"], "o": { "k": "v" } }""");
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void ToJsonNode_BlockNamedLikeAttribute_Throws()
    {
        var body = HclParser.Parse("x = 1\nx \"l\" { }\n");

        var ex = Assert.Throws<HclParseException>(() => body.ToJsonNode());
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void ToJsonNode_BlocksWithMixedLabelCounts_Throws()
    {
        var body = HclParser.Parse("x \"a\" { }\nx { }\n");

        Assert.Throws<HclParseException>(() => body.ToJsonNode());
    }

    [Fact]
    public void GetString_OnBool_ThrowsWithPosition()
    {
        var value = HclParser.Parse("\n  tls = true\n").Attribute("tls")!;

        var ex = Assert.Throws<HclParseException>(() => value.GetString());
        Assert.Equal((2, 9), (ex.Line, ex.Column));
        Assert.Contains("expected a string, found a bool", ex.Message);
    }

    [Fact]
    public void ToString_OfStringValue_DoesNotRevealContent()
    {
        var value = HclParser.Parse("token = \"hvs-not-a-real-token\"").Attribute("token")!;

        Assert.DoesNotContain("hvs-not-a-real-token", value.ToString());
    }
}
