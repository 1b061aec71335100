using System.Text.Json;
using static Strongroom.Scanner.Tests.CommandHarness;
using static Strongroom.Scanner.Tests.KeyFactory;

namespace Strongroom.Scanner.Tests;

/// <summary>Checks SARIF output against the required shape of the 2.1.0 schema (sarif-schema-2.1.0.json).</summary>
public sealed class SarifReportTests
{
    [Fact]
    public async Task Build_Findings_MatchSarif210SchemaShape()
    {
        using var dir = new TempDirectory();
        dir.Write("conf/app settings.env", $"OPENROUTER=sk-or-v1-{R(Hex, 64)}\nHF={("hf_" + R(Letters, 34))}\n");
        var (code, stdout, _) = await ScanAsync([dir.Path, "--format", "sarif"]);
        Assert.Equal(1, code);
        using var sarif = JsonDocument.Parse(stdout);
        var root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.EndsWith("sarif-2.1.0.json", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(ruleId, rules[index].GetProperty("id").GetString());
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "none", "note", "warning", "error" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            Assert.Equal("conf/app%20settings.env", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.True(physical.GetProperty("region").GetProperty("startColumn").GetInt32() >= 1);
            Assert.Equal(32, result.GetProperty("partialFingerprints").GetProperty("strongroom/v1").GetString()!.Length);
        }

        foreach (var rule in rules)
        {
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
        }
    }

    [Fact]
    public async Task Build_NoFindings_HasEmptyResults()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "nothing here");
        var (code, stdout, _) = await ScanAsync([dir.Path, "--format", "sarif"]);
        Assert.Equal(0, code);
        using var sarif = JsonDocument.Parse(stdout);
        Assert.Empty(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
    }
}
