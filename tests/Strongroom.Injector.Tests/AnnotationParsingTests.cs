namespace Strongroom.Injector.Tests;

/// <summary>Pure parsing helpers: JSON Pointer escaping, Kubernetes quantities, Go booleans, HCL quoting.</summary>
public sealed class AnnotationParsingTests
{
    [Theory]
    [InlineData("vault.hashicorp.com/agent-inject-status", "vault.hashicorp.com~1agent-inject-status")]
    [InlineData("a~b/c", "a~0b~1c")]
    [InlineData("~1", "~01")]
    [InlineData("plain", "plain")]
    public void JsonPointer_Escape_FollowsRfc6901(string token, string expected)
    {
        Assert.Equal(expected, JsonPointer.Escape(token));
        Assert.Equal([token], Infrastructure.JsonPatchApplier.Parse("/" + expected));
    }

    [Theory]
    [InlineData("500m", true)]
    [InlineData("1", true)]
    [InlineData("0.5", true)]
    [InlineData(".5", true)]
    [InlineData("128Mi", true)]
    [InlineData("1Gi", true)]
    [InlineData("2G", true)]
    [InlineData("1e3", true)]
    [InlineData("+1", true)]
    [InlineData("64MB", false)]
    [InlineData("-1", false)]
    [InlineData("1 Gi", false)]
    [InlineData("", false)]
    [InlineData("Mi", false)]
    [InlineData("1mi", false)]
    public void KubernetesQuantity_IsValid(string value, bool expected) => Assert.Equal(expected, KubernetesQuantity.IsValid(value));

    [Theory]
    [InlineData("true", true, true)]
    [InlineData("T", true, true)]
    [InlineData("1", true, true)]
    [InlineData("False", true, false)]
    [InlineData("yes", false, false)]
    [InlineData("", false, false)]
    public void GoBool_ParsesLikeStrconv(string value, bool ok, bool expected)
    {
        Assert.Equal(ok, AgentAnnotations.TryParseGoBool(value, out var result));
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Quote_EscapesEverythingTheHclParserReadsBack()
    {
        var tricky = "line1\nline2\t\"quoted\" back\\slash \u0001 {{ .Data.data.key }} ${not-interpolated}";
        var body = Strongroom.Core.Hcl.HclParser.Parse("x = " + AgentConfigRenderer.Quote(tricky) + "\n");
        Assert.Equal(tricky, body.Attribute("x")!.GetString());
    }
}
