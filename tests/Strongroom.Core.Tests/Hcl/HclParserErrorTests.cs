using Strongroom.Core.Hcl;

namespace Strongroom.Core.Tests.Hcl;

/// <summary>Error reporting of <see cref="HclParser"/>: position, expectation, no echo of input.</summary>
public sealed class HclParserErrorTests
{
    [Theory]
    [InlineData("a = \"unterminated\n", 1, 5, "unterminated string")]
    [InlineData("a = \"bad \\q escape\"", 1, 10, "invalid escape")]
    [InlineData("a = \"\\u12\"", 1, 6, "invalid unicode escape")]
    [InlineData("a = 1\nb = \n", 2, 5, "expected a value, found end of line")]
    [InlineData("a = [1, 2", 1, 10, "expected ',' or ']'")]
    [InlineData("a = [1 2]", 1, 8, "expected ',' or ']'")]
    [InlineData("a = { k 1 }", 1, 9, "expected '=' or ':' after an object key")]
    [InlineData("a = { k = 1 j = 2 }", 1, 13, "after an object member")]
    [InlineData("block \"x\" {\n  a = 1\n", 3, 1, "expected an attribute or block name, or '}'")]
    [InlineData("}", 1, 1, "expected an attribute or block name")]
    [InlineData("a = 1 2", 1, 7, "expected an attribute or block name")]
    [InlineData("name\n", 1, 5, "expected '=' or '{' after a name")]
    [InlineData("block \"x\" = 1", 1, 11, "expected '{' after block labels")]
    [InlineData("a = thing", 1, 5, "variables and functions are not supported")]
    [InlineData("a = var.thing", 1, 8, "unexpected character '.'")]
    [InlineData("a = @", 1, 5, "unexpected character '@'")]
    [InlineData("a = 10s", 1, 7, "quote durations")]
    [InlineData("a = 1e", 1, 6, "exponent")]
    [InlineData("a = 1e999", 1, 5, "number is out of range")]
    [InlineData("/* never closed", 1, 1, "unterminated /* comment")]
    [InlineData("a = <<EOF\nno end\n", 1, 5, "unterminated heredoc")]
    [InlineData("a = <<EOF trailing\nx\nEOF\n", 1, 10, "expected end of line after heredoc marker")]
    [InlineData("a = << EOF\n", 1, 7, "heredoc marker")]
    [InlineData("a = 1\na = 2\n", 2, 1, "attribute 'a' is defined more than once")]
    [InlineData("a = { k = 1, k = 2 }", 1, 14, "object key is defined more than once")]
    public void Parse_MalformedInput_ThrowsWithLineColumnAndExpectation(string text, int line, int column, string fragment)
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse(text));

        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Contains(fragment, ex.Message);
        Assert.StartsWith($"{line}:{column}: ", ex.Message);
    }

    [Fact]
    public void Parse_ErrorAfterSecretString_DoesNotEchoIt()
    {
        var secret = "sk-test-" + Guid.NewGuid().ToString("N");

        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse($"api_key = \"{secret}\" \"{secret}\" extra"));

        Assert.DoesNotContain(secret, ex.Message);
    }

    [Fact]
    public void Parse_UnterminatedSecretString_DoesNotEchoIt()
    {
        var secret = "sk-test-" + Guid.NewGuid().ToString("N");

        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse($"api_key = \"{secret}\n"));

        Assert.DoesNotContain(secret, ex.Message);
    }

    [Fact]
    public void Parse_DeepNesting_IsRejectedNotStackOverflow()
    {
        var text = "a = " + new string('[', 10_000) + new string(']', 10_000);

        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse(text));

        Assert.Contains("nesting deeper than", ex.Message);
    }

    [Fact]
    public void Parse_DeepBlockNesting_IsRejected()
    {
        var text = string.Concat(Enumerable.Repeat("b {\n", 200)) + string.Concat(Enumerable.Repeat("}\n", 200));

        Assert.Throws<HclParseException>(() => HclParser.Parse(text));
    }

    [Fact]
    public void Parse_NestingAtLimit_IsAccepted()
    {
        var depth = HclParser.MaxDepth - 1;
        var text = "a = " + new string('[', depth) + new string(']', depth);

        var value = HclParser.Parse(text).Attribute("a")!;

        Assert.Equal(HclValueKind.List, value.Kind);
    }

    [Fact]
    public void Parse_ControlCharacter_IsDescribedByCodePoint()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("a = \u0001"));

        Assert.Contains("U+0001", ex.Message);
    }
}
