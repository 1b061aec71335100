using Microsoft.Extensions.Time.Testing;
using Strongroom.Agent.Templates;

namespace Strongroom.Agent.Tests.Templates;

public sealed class GoTemplateTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    private static readonly Dictionary<string, object?> Data = new()
    {
        ["Name"] = "app",
        ["Count"] = 3L,
        ["Ratio"] = 1.5,
        ["Empty"] = "",
        ["On"] = true,
        ["List"] = new List<object?> { "a", "b", "c" },
        ["Map"] = new Dictionary<string, object?> { ["zeta"] = 1L, ["alpha"] = 2L, ["mid"] = 3L },
        ["Nested"] = new Dictionary<string, object?> { ["data"] = new Dictionary<string, object?> { ["key"] = "fake-value" } },
    };

    private static Task<string> Render(string text, object? data = null, ISecretSource? secrets = null, TemplateOptions? options = null, Func<string, string?>? env = null)
    {
        var functions = TemplateFunctions.Create(secrets, env ?? (_ => null), Clock);
        return GoTemplate.Parse("t", text, functions, options).RenderAsync(data ?? Data).AsTask();
    }

    private static TemplateException ParseError(string text)
    {
        var functions = TemplateFunctions.Create(null, _ => null, Clock);
        return Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", text, functions));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("{{ .Name }}", "app")]
    [InlineData("{{.Nested.data.key}}", "fake-value")]
    [InlineData("{{ .Count }} {{ .Ratio }} {{ .On }}", "3 1.5 true")]
    [InlineData("{{ .Missing }}", "<no value>")]
    [InlineData("{{ nil | print }}", "<nil>")]
    [InlineData("{{ .List }}", "[a b c]")]
    [InlineData("{{ .Map }}", "map[alpha:2 mid:3 zeta:1]")]
    [InlineData("{{ \"a\\tb\" }}", "a\tb")]
    [InlineData("{{ `raw\\n` }}", "raw\\n")]
    [InlineData("{{ 'a' }}", "97")]
    [InlineData("{{ 0x1F }} {{ -3 }} {{ 1e3 }} {{ 1_000 }}", "31 -3 1000 1000")]
    [InlineData("{{/* a comment */}}x", "x")]
    [InlineData("a  {{- /* c */ -}}  b", "ab")]
    public async Task Render_Actions_PrintLikeGo(string template, string expected) =>
        Assert.Equal(expected, await Render(template));

    [Fact]
    public async Task Render_TrimMarkers_RemoveAdjacentWhitespace()
    {
        Assert.Equal("a|b", await Render("a \n {{- \"|\" -}} \n\t b"));
        Assert.Equal("a -3b", await Render("a {{-3}}b"));
    }

    [Theory]
    [InlineData("{{ if .On }}yes{{ end }}", "yes")]
    [InlineData("{{ if .Empty }}yes{{ else }}no{{ end }}", "no")]
    [InlineData("{{ if eq .Count 1 }}one{{ else if eq .Count 3 }}three{{ else }}many{{ end }}", "three")]
    [InlineData("{{ if and .On (gt .Count 2) }}ok{{ end }}", "ok")]
    [InlineData("{{ if or .Empty .Missing }}x{{ else }}none{{ end }}", "none")]
    [InlineData("{{ if not .Empty }}empty{{ end }}", "empty")]
    [InlineData("{{ with .Nested.data }}{{ .key }}{{ end }}", "fake-value")]
    [InlineData("{{ with .Missing }}x{{ else }}fallback{{ end }}", "fallback")]
    [InlineData("{{ with .Missing }}x{{ else with .Name }}{{ . }}{{ end }}", "app")]
    [InlineData("{{ range .List }}[{{ . }}]{{ end }}", "[a][b][c]")]
    [InlineData("{{ range $i, $v := .List }}{{ $i }}={{ $v }};{{ end }}", "0=a;1=b;2=c;")]
    [InlineData("{{ range $k, $v := .Map }}{{ $k }}:{{ $v }} {{ end }}", "alpha:2 mid:3 zeta:1 ")]
    [InlineData("{{ range .Missing }}x{{ else }}empty{{ end }}", "empty")]
    [InlineData("{{ range .List }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a")]
    [InlineData("{{ range .List }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "ac")]
    [InlineData("{{ range 3 }}{{ . }}{{ end }}", "012")]
    [InlineData("{{ range .List }}{{ $.Name }}{{ end }}", "appappapp")]
    public async Task Render_ControlStructures_FollowGoSemantics(string template, string expected) =>
        Assert.Equal(expected, await Render(template));

    [Theory]
    [InlineData("{{ $x := .Name }}{{ $x }}", "app")]
    [InlineData("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2")]
    [InlineData("{{ $m := .Nested }}{{ $m.data.key }}", "fake-value")]
    [InlineData("{{ (index .List 1) }}", "b")]
    [InlineData("{{ (.Nested).data.key }}", "fake-value")]
    [InlineData("{{ .Name | printf \"%s-%d\" | printf \"%s!\" 7 }}", "%!s(int=7)!%!(EXTRA string=app-%!d(MISSING))")]
    [InlineData("{{ .Name | toUpper }}", "APP")]
    [InlineData("{{ \"a,b\" | split \",\" | join \"+\" }}", "a+b")]
    public async Task Render_VariablesAndPipelines_Work(string template, string expected) =>
        Assert.Equal(expected, await Render(template));

    [Theory]
    [InlineData("{{ printf \"%s=%d %5.2f|%-4s|%04d %q %x %t %v %%\" \"k\" 42 3.14159 \"ab\" 7 \"q\" 255 true .List }}", "k=42  3.14|ab  |0007 \"q\" ff true [a b c] %")]
    [InlineData("{{ print \"a\" 1 2 \"b\" }}", "a1 2b")]
    [InlineData("{{ println \"a\" 1 }}", "a 1\n")]
    [InlineData("{{ len .List }} {{ len .Map }} {{ len \"héllo\" }}", "3 3 6")]
    [InlineData("{{ index .Map \"mid\" }} {{ index .Nested \"data\" \"key\" }}", "3 fake-value")]
    [InlineData("{{ eq .Count 1 2 3 }} {{ ne .Name \"x\" }} {{ lt 1 2.5 }} {{ le 2 2 }} {{ ge \"b\" \"a\" }}", "true true true true true")]
    [InlineData("{{ toJSON .Map }}", "{\"alpha\":2,\"mid\":3,\"zeta\":1}")]
    [InlineData("{{ toJSONPretty .Nested }}", "{\n  \"data\": {\n    \"key\": \"fake-value\"\n  }\n}")]
    [InlineData("{{ toYAML .Map }}", "alpha: 2\nmid: 3\nzeta: 1")]
    [InlineData("{{ \"hello\" | base64Encode }} {{ \"aGVsbG8=\" | base64Decode }}", "aGVsbG8= hello")]
    [InlineData("{{ \"  x  \" | trimSpace }}", "x")]
    [InlineData("{{ .Name | contains \"pp\" }} {{ .List | contains \"z\" }} {{ contains \"alpha\" .Map }}", "true false true")]
    [InlineData("{{ \"a-b-c\" | replaceAll \"-\" \"_\" }} {{ toLower \"ABC\" }}", "a_b_c abc")]
    [InlineData("{{ timestamp }} {{ timestamp \"2006-01-02 15:04\" }} {{ timestamp \"unix\" }}", "2026-03-04T05:06:07Z 2026-03-04 05:06 1772600767")]
    [InlineData("{{ (parseJSON \"{\\\"a\\\":[1,2]}\").a }}", "[1 2]")]
    [InlineData("{{ keys .Map | join \",\" }}", "alpha,mid,zeta")]
    public async Task Render_Functions_ProduceExpectedText(string template, string expected) =>
        Assert.Equal(expected, await Render(template));

    [Fact]
    public async Task Render_Env_ReadsInjectedEnvironment()
    {
        Assert.Equal("fake-home|", await Render("{{ env \"HOME\" }}|{{ env \"NOPE\" }}", env: n => n == "HOME" ? "fake-home" : null));
    }

    [Fact]
    public async Task Render_CustomDelimiters_LeaveBracesAlone()
    {
        var text = await Render("{{ not a template }} [[ .Name ]]", options: new TemplateOptions { LeftDelimiter = "[[", RightDelimiter = "]]" });
        Assert.Equal("{{ not a template }} app", text);
    }

    [Fact]
    public async Task Render_ErrorOnMissingKey_FailsWithPosition()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => Render("line1\n  {{ .Nope }}", options: new TemplateOptions { ErrorOnMissingKey = true }));
        Assert.Equal(2, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Contains("map has no entry for key \"Nope\"", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("template: t:2:6:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_SecretFunction_PassesPathAndParameters()
    {
        var source = new RecordingSource();
        var text = await Render("{{ with secret \"pki/issue/web\" \"common_name=a.example\" \"ttl=1h\" }}{{ .Data.cert }} {{ .LeaseID }}{{ end }}", secrets: source);
        Assert.Equal("fake-cert lease-1", text);
        Assert.Equal("pki/issue/web", source.Path);
        Assert.Equal(["common_name=a.example", "ttl=1h"], source.Parameters.Select(p => p.Key + "=" + p.Value));
    }

    [Theory]
    [InlineData("{{ nosuch .Name }}", 1, 4, "function \"nosuch\" not defined")]
    [InlineData("ok\n{{ if .On }}x", 2, 4, "unexpected EOF")]
    [InlineData("{{ end }}", 1, 4, "unexpected {{end}}")]
    [InlineData("{{ $y }}", 1, 4, "undefined variable \"$y\"")]
    [InlineData("{{ .Name", 1, 1, "unclosed action")]
    [InlineData("{{ \"abc }}", 1, 4, "unterminated quoted string")]
    [InlineData("{{ }}", 1, 4, "missing value for command")]
    [InlineData("a\nb\n   {{ 12ab }}", 3, 7, "bad number syntax")]
    [InlineData("{{ break }}", 1, 4, "{{break}} outside {{range}}")]
    [InlineData("{{ define \"x\" }}{{ end }}", 1, 4, "\"define\" is not supported")]
    [InlineData("{{ if }}{{ end }}", 1, 7, "missing value for command")]
    [InlineData("{{/* open", 1, 1, "unclosed comment")]
    [InlineData("{{ .A # }}", 1, 7, "unexpected character")]
    public void Parse_BadTemplate_ReportsLineAndColumn(string template, int line, int column, string reason)
    {
        var error = ParseError(template);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal("t", error.TemplateName);
    }

    [Theory]
    [InlineData("{{ .Name.x }}", "can't evaluate field x in type string")]
    [InlineData("{{ .Missing.x }}", "nil pointer evaluating interface {}.x")]
    [InlineData("{{ index .List 9 }}", "error calling index: index out of range: 9")]
    [InlineData("{{ lt .Map 1 }}", "invalid type for comparison")]
    [InlineData("{{ eq .Name 1 }}", "incompatible types for comparison")]
    [InlineData("{{ len 3 }}", "len of type int")]
    [InlineData("{{ \"!!\" | base64Decode }}", "not valid base64")]
    [InlineData("{{ not }}", "wrong number of args")]
    [InlineData("{{ .Name 1 }}", "can't give argument to non-function .Name")]
    [InlineData("{{ range .Name }}{{ end }}", "range can't iterate over string")]
    [InlineData("{{ secret \"x\" }}", "no secret source is configured")]
    public async Task Render_RuntimeErrors_AreTemplateExceptions(string template, string reason)
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => Render(template));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public async Task Render_RunawayOutput_IsCapped()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => Render("{{ range 1000 }}xxxxxxxxxx{{ end }}", options: new TemplateOptions { MaxOutputChars = 100 }));
        Assert.Contains("output exceeds 100 characters", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingSource : ISecretSource
    {
        public string? Path { get; private set; }

        public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

        public ValueTask<IReadOnlyDictionary<string, object?>> GetSecretAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
        {
            Path = path;
            Parameters = parameters;
            IReadOnlyDictionary<string, object?> secret = new Dictionary<string, object?>
            {
                ["Data"] = new Dictionary<string, object?> { ["cert"] = "fake-cert" },
                ["LeaseID"] = "lease-1",
            };
            return ValueTask.FromResult(secret);
        }
    }
}
