using Strongroom.Cli.Policy;

namespace Strongroom.Cli.Tests;

public sealed class HclFormatterTests
{
    [Fact]
    public void Format_MessyPolicy_NormalisesIndentSpacingAndBlankLines()
    {
        var messy = "path \"secret/data/ai/*\"{\n capabilities=[\"read\",\"list\"]   \n      description    =   \"x\"\n}\n\n\n\npath \"sys/*\" {\ncapabilities = [\"deny\"]\n}\n\n";
        var expected = "path \"secret/data/ai/*\" {\n  capabilities = [\"read\",\"list\"]\n  description  = \"x\"\n}\n\npath \"sys/*\" {\n  capabilities = [\"deny\"]\n}\n";
        Assert.Equal(expected, HclFormatter.Format(messy));
    }

    [Fact]
    public void Format_AlreadyFormatted_IsUnchanged()
    {
        var text = "# readers\npath \"secret/*\" {\n  capabilities = [\"read\"]\n}\n";
        Assert.Equal(text, HclFormatter.Format(text));
    }

    [Fact]
    public void Format_BracesInsideStringsAndComments_DoNotChangeDepth()
    {
        var text = "path \"a/{b}/*\" {\n# a { comment\ncapabilities = [\"read\"]\n}\nx = 1\n";
        Assert.Equal("path \"a/{b}/*\" {\n  # a { comment\n  capabilities = [\"read\"]\n}\nx = 1\n", HclFormatter.Format(text));
    }

    [Fact]
    public void Format_MultiLineList_IndentsItems()
    {
        var text = "path \"x\" {\ncapabilities = [\n\"read\",\n\"list\",\n]\n}\n";
        Assert.Equal("path \"x\" {\n  capabilities = [\n    \"read\",\n    \"list\",\n  ]\n}\n", HclFormatter.Format(text));
    }
}
