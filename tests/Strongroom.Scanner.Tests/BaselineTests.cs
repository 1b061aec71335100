using System.Text.Json;
using static Strongroom.Scanner.Tests.CommandHarness;
using static Strongroom.Scanner.Tests.KeyFactory;

namespace Strongroom.Scanner.Tests;

public sealed class BaselineTests
{
    [Fact]
    public async Task Baseline_CreatedOnOldRepo_FailsOnlyOnNewLeaks()
    {
        using var dir = new TempDirectory();
        var oldKey = "gsk_" + R(Alnum, 52);
        dir.Write("src/old.env", $"GROQ_API_KEY={oldKey}\n");
        var baseline = Path.Combine(dir.Path, ".strongroom-baseline.json");

        var (createCode, createOut, _) = await ScanAsync(["baseline", "create", dir.Path, "--output", baseline]);
        Assert.Equal(0, createCode);
        Assert.Contains("1 finding", createOut, StringComparison.Ordinal);
        var text = File.ReadAllText(baseline);
        Assert.DoesNotContain(oldKey, text, StringComparison.Ordinal);

        // Lines move: the fingerprint does not depend on the line.
        dir.Write("src/old.env", $"# moved\n\nGROQ_API_KEY={oldKey}\n");
        var (code, stdout, _) = await ScanAsync([dir.Path, "--baseline", baseline]);
        Assert.Equal(0, code);
        Assert.Contains("1 known in baseline", stdout, StringComparison.Ordinal);

        dir.Write("src/new.env", "PPLX=pplx-" + R(Alnum, 48) + "\n");
        var (newCode, newOut, _) = await ScanAsync([dir.Path, "--baseline", baseline, "--format", "json"]);
        Assert.Equal(1, newCode);
        using var json = JsonDocument.Parse(newOut);
        var only = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("src/new.env", only.GetProperty("file").GetString());
    }

    [Fact]
    public async Task Baseline_MalformedFile_IsUsageError()
    {
        using var dir = new TempDirectory();
        var baseline = dir.Write("b.json", "{ not json");
        Assert.Equal(2, (await ScanAsync([dir.Path, "--baseline", baseline])).Code);
    }

    [Fact]
    public async Task Config_AllowPathsRegexesAndStopwords_SuppressFindings()
    {
        using var dir = new TempDirectory();
        var fixtureKey = "r8_" + R(Alnum, 37);
        var stopKey = "r8_" + R(Alnum, 20) + "Fixture" + R(Alnum, 10);
        var regexKey = "r8_TESTONLY" + R(Alnum, 29);
        dir.Write("test/fixtures/keys.txt", fixtureKey);
        dir.Write("src/a.txt", stopKey + "\n" + regexKey + "\n");
        dir.Write(".strongroom-scan.yaml", """
            allow:
              paths: ["test/fixtures/"]
              stopwords: ["fixture"]
              regexes: ['^r8_TESTONLY']
            """);
        Assert.Equal(0, (await ScanAsync([dir.Path])).Code);
        File.Delete(Path.Combine(dir.Path, ".strongroom-scan.yaml"));
        var (code, stdout, _) = await ScanAsync([dir.Path, "--format", "jsonl"]);
        Assert.Equal(1, code);
        Assert.Equal(3, stdout.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task Rules_UserFileAddsAndDisablesRules()
    {
        using var dir = new TempDirectory();
        var internalToken = "acme_live_" + R(Alnum, 30);
        dir.Write("src/app.txt", $"{internalToken}\nGROQ=gsk_{R(Alnum, 52)}\n");
        var rules = dir.Write("rules.yaml", """
            rules:
              - id: acme-internal-token
                description: ACME internal service token
                keywords: [acme_live_]
                regex: '\b(acme_live_[A-Za-z0-9]{30})\b'
                entropy: 3.0
            disable: [groq-api-key]
            """);
        var (code, stdout, _) = await ScanAsync([Path.Combine(dir.Path, "src"), "--rules", rules, "--format", "jsonl"]);
        Assert.Equal(1, code);
        using var line = JsonDocument.Parse(stdout.Trim());
        Assert.Equal("acme-internal-token", line.RootElement.GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task Rules_ExtendDefaultFalse_ReplacesBuiltIns()
    {
        using var dir = new TempDirectory();
        dir.Write("src/app.txt", $"GROQ=gsk_{R(Alnum, 52)}\n");
        var rules = dir.Write("rules.yaml", "extend_default: false\nrules:\n  - id: only\n    keywords: [zzz_]\n    regex: 'zzz_[0-9]{5}'\n");
        Assert.Equal(0, (await ScanAsync([Path.Combine(dir.Path, "src"), "--rules", rules])).Code);
    }

    [Theory]
    [InlineData("rules:\n  - id: bad\n    keywords: [x]\n    regex: '(unclosed'\n")]
    [InlineData("rules:\n  - id: nokeywords\n    regex: 'abc'\n")]
    [InlineData("rules: [ {")]
    [InlineData("unknown_top_level: 1\n")]
    public async Task Rules_InvalidFile_IsUsageError(string yaml)
    {
        using var dir = new TempDirectory();
        var rules = dir.Write("rules.yaml", yaml);
        var (code, _, stderr) = await ScanAsync([dir.Path, "--rules", rules]);
        Assert.Equal(2, code);
        Assert.Contains("rules.yaml", stderr, StringComparison.Ordinal);
    }
}
