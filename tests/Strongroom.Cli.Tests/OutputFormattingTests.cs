using System.Text.Json.Nodes;
using Strongroom.Cli.Output;
using Strongroom.Client;

namespace Strongroom.Cli.Tests;

public sealed class OutputFormattingTests
{
    private const string Envelope = """
        {"request_id":"r-1","lease_id":"","renewable":false,"lease_duration":2764800,
         "data":{"zeta":"last","api-key":"fake-value","n":3,"tags":["a","b"],"m":{"y":1,"x":true},"empty":"","nil":null},
         "warnings":null,"auth":null,"wrap_info":null}
        """;

    private static (OutputPrinter Printer, StringWriter Out, StringWriter Err) Printer(string format, string? field = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        return (new OutputPrinter(stdout, stderr, format, field), stdout, stderr);
    }

    [Fact]
    public void Secret_Table_HasVaultColumnsRuleAndSortedKeys()
    {
        var (printer, stdout, _) = Printer("table");
        Assert.Equal(0, printer.Secret(VaultResponse.Parse(Envelope)));
        var expected = string.Join('\n',
            "Key                 Value",
            "---                 -----",
            "refresh_interval    768h",
            "api-key             fake-value",
            "empty               n/a",
            "m                   map[x:true y:1]",
            "n                   3",
            "nil                 <nil>",
            "tags                [a b]",
            "zeta                last",
            string.Empty);
        Assert.Equal(expected, stdout.ToString());
    }

    [Fact]
    public void Secret_Json_PrintsWholeEnvelopeIndented()
    {
        var (printer, stdout, _) = Printer("json");
        printer.Secret(VaultResponse.Parse(Envelope));
        var text = stdout.ToString();
        var parsed = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("r-1", parsed["request_id"]!.GetValue<string>());
        Assert.Equal("fake-value", parsed["data"]!["api-key"]!.GetValue<string>());
        Assert.StartsWith("{\n  \"request_id\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_Yaml_PrintsData()
    {
        var (printer, stdout, _) = Printer("yaml");
        printer.Secret(VaultResponse.Parse(Envelope));
        Assert.Contains("request_id: r-1", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("api-key: fake-value", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_Field_PrintsRawValueWithoutNewline()
    {
        var (printer, stdout, _) = Printer("table", "api-key");
        Assert.Equal(0, printer.Secret(VaultResponse.Parse(Envelope)));
        Assert.Equal("fake-value", stdout.ToString());
    }

    [Fact]
    public void Secret_FieldOfObject_PrintsCompactJson()
    {
        var (printer, stdout, _) = Printer("table", "m");
        printer.Secret(VaultResponse.Parse(Envelope));
        Assert.Equal("{\"y\":1,\"x\":true}", stdout.ToString());
    }

    [Fact]
    public void Secret_MissingField_ExitsOneWithMessage()
    {
        var (printer, stdout, stderr) = Printer("table", "nope");
        Assert.Equal(1, printer.Secret(VaultResponse.Parse(Envelope)));
        Assert.Equal(string.Empty, stdout.ToString());
        Assert.Contains("Field \"nope\" not present in secret", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_Auth_ShowsTokenRowsAndTokenField()
    {
        var json = """{"auth":{"client_token":"s.fake","accessor":"acc-1","policies":["default","p"],"token_policies":["default","p"],"lease_duration":3600,"renewable":true,"metadata":{"team":"ml"}}}""";
        var (printer, stdout, _) = Printer("table");
        printer.Secret(VaultResponse.Parse(json));
        var text = stdout.ToString();
        Assert.Contains("token                s.fake\n", text, StringComparison.Ordinal);
        Assert.Contains("token_duration       1h\n", text, StringComparison.Ordinal);
        Assert.Contains("token_policies       [default p]\n", text, StringComparison.Ordinal);
        Assert.Contains("token_meta_team      ml\n", text, StringComparison.Ordinal);

        var (fieldPrinter, fieldOut, _) = Printer("json", "token");
        fieldPrinter.Secret(VaultResponse.Parse(json));
        Assert.Equal("s.fake", fieldOut.ToString());
    }

    [Fact]
    public void Secret_Warnings_GoToStderr()
    {
        var (printer, stdout, stderr) = Printer("table");
        printer.Secret(VaultResponse.Parse("""{"data":{"a":"b"},"warnings":["be careful"]}"""));
        Assert.DoesNotContain("be careful", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("  * be careful", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_Table_HasKeysHeader()
    {
        var (printer, stdout, _) = Printer("table");
        printer.Keys(["a", "b/"]);
        Assert.Equal("Keys\n----\na\nb/\n", stdout.ToString());
    }

    [Fact]
    public void Keys_Json_IsArray()
    {
        var (printer, stdout, _) = Printer("json");
        printer.Keys(["a", "b/"]);
        Assert.Equal("[\n  \"a\",\n  \"b/\"\n]\n", stdout.ToString());
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(60, "1m")]
    [InlineData(3600, "1h")]
    [InlineData(5400, "1h30m")]
    [InlineData(3605, "1h0m5s")]
    [InlineData(2764800, "768h")]
    public void HumanDurationFormat_Seconds_MatchesVault(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(seconds));
    }

    [Theory]
    [InlineData("Secret Path", 17, "== Secret Path ==")]
    [InlineData("Metadata", 24, "======= Metadata =======")]
    [InlineData("Data", 3, "== Data ==")]
    public void TableWriterHeader_Width_PadsWithEqualSigns(string title, int width, string expected)
    {
        Assert.Equal(expected, TableWriter.Header(title, width));
    }
}
