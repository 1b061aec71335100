using Strongroom.Scanner.Detection;
using static Strongroom.Scanner.Tests.KeyFactory;

namespace Strongroom.Scanner.Tests;

public sealed class DetectorTests
{
    private static readonly Detector Detector = new(RuleLoader.LoadDefault());

    private static List<Finding> Scan(string text, string path = "app/config.env") => Detector.Scan(new ScanTarget(path, text));

    [Fact]
    public void Scan_GeneratedKeyForEveryRule_FindsItUnderThatRule()
    {
        var samples = Enumerable.Range(0, 20).SelectMany(_ => OnePerRuleAboveEntropy()).ToList();
        foreach (var (ruleId, text, secret) in samples)
        {
            var findings = Scan("# config\n" + text + "\n");
            Assert.True(findings.Count == 1, $"expected one finding for a sample of {ruleId}, got {findings.Count}: {text}");
            var finding = findings[0];
            Assert.True(ruleId == finding.RuleId, $"expected {ruleId}, got {finding.RuleId} for a sample of {ruleId}");
            Assert.Equal(secret, finding.Secret);
            Assert.Equal(2, finding.Line);
        }
    }

    [Fact]
    public void Scan_EveryBuiltInRule_HasAGeneratedSample()
    {
        var covered = OnePerRule().Select(s => s.RuleId).ToHashSet();
        var missing = RuleLoader.LoadDefault().Rules.Select(r => r.Id).Where(id => !covered.Contains(id)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Scan_KeyOnLine_ReportsOneBasedColumn()
    {
        var key = "gsk_" + R(Alnum, 52);
        var finding = Assert.Single(Scan($"first\n  GROQ={key}\n"));
        Assert.Equal(2, finding.Line);
        Assert.Equal(8, finding.Column);
    }

    [Theory]
    [InlineData("OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("api_key = \"your-key-here\"")]
    [InlineData("api_key = \"your-api-key-here-0123\"")]
    [InlineData("OPENAI_API_KEY=${OPENAI_API_KEY}")]
    [InlineData("OPENAI_API_KEY=<OPENAI_API_KEY>")]
    [InlineData("api_key = os.environ[\"OPENAI_API_KEY\"]")]
    [InlineData("api_key = os.getenv(\"OPENAI_API_KEY\")")]
    [InlineData("const token = process.env.GITHUB_TOKEN;")]
    [InlineData("aws_access_key_id = AKIAIOSFODNN7EXAMPLE")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("password = \"changeme\"")]
    [InlineData("password: correcthorsebatterystaple")]
    [InlineData("max_tokens = 4096000000000")]
    [InlineData("DATABASE_URL=postgres://postgres:postgres@localhost:5432/app")]
    [InlineData("DATABASE_URL=postgres://user:password@localhost:5432/app")]
    [InlineData("DATABASE_URL=postgres://user:${DB_PASSWORD}@db:5432/app")]
    [InlineData("token: ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("secret_key = self.settings.secret_key_value")]
    public void Scan_PlaceholderOrReference_IsNotAFinding(string line)
    {
        Assert.Empty(Scan(line + "\n"));
    }

    [Fact]
    public void Scan_GitHubTokenWithWrongChecksum_IsNotAFinding()
    {
        var good = GitHub("ghp_");
        var bad = good[..^1] + (good[^1] == 'A' ? 'B' : 'A');
        Assert.Single(Scan($"t={good}\n"));
        Assert.Empty(Scan($"t={bad}\n"));
    }

    [Fact]
    public void Scan_UuidWithoutContext_IsNotAFinding()
    {
        Assert.Empty(Scan($"request_id = \"{Guid.NewGuid()}\"\napi_token = \"{Guid.NewGuid()}\"\n"));
    }

    [Fact]
    public void Scan_HashesNamedAsHashes_AreNotFindings()
    {
        var text = $"sha256 = \"{R(Hex, 64)}\"\ncommit_hash: {R(Hex, 40)}\ntoken_checksum = \"{R(Hex, 64)}\"\n";
        Assert.Empty(Scan(text));
    }

    [Fact]
    public void Scan_Base64ImageData_IsNotAFinding()
    {
        var blob = "AIza" + R(UrlSafe, 35);
        var text = $"<img src=\"data:image/png;base64,iVBORw0KGgo{R(Base64, 200)}{blob}{R(Base64, 100)}\">";
        Assert.Empty(Scan(text, "index.html"));
    }

    [Fact]
    public void Scan_JwtWhoseHeaderIsNotJson_IsNotAFinding()
    {
        var fake = "eyJ" + R(Alnum, 20) + ".eyJ" + R(Alnum, 20) + "." + R(Alnum, 30);
        Assert.Empty(Scan($"value: {fake}\n"));
    }

    [Fact]
    public void Scan_LowEntropyGenericValue_IsNotAFinding()
    {
        Assert.Empty(Scan("api_key = \"aaaabbbbaaaabbbb1111\"\n"));
        Assert.Single(Scan($"api_key = \"{Mixed(24)}\"\n"));
    }

    [Fact]
    public void Scan_ProviderKeyAssignedToKeyName_ReportsProviderRuleOnly()
    {
        var key = "sk-ant-api03-" + R(UrlSafe, 93) + "AA";
        var finding = Assert.Single(Scan($"api_key = \"{key}\"\n"));
        Assert.Equal("anthropic-api-key", finding.RuleId);
    }

    [Fact]
    public void Scan_LineWithAllowComment_IsNotAFinding()
    {
        var key = "gsk_" + R(Alnum, 52);
        Assert.Empty(Scan($"GROQ_API_KEY={key}  # strongroom:allow test fixture\n"));
    }

    [Fact]
    public void Scan_MinifiedTarget_SkipsGenericButKeepsProviderRules()
    {
        var key = "AIza" + R(UrlSafe, 35);
        var target = new ScanTarget("dist/app.min.js", $"var a={{api_key:\"{R(Alnum, 30)}\"}},b=\"{key}\";") { SkipGenericRules = true };
        var finding = Assert.Single(Detector.Scan(target));
        Assert.Equal("google-api-key", finding.RuleId);
    }

    [Fact]
    public void Scan_KeysInJsonEscapedString_AreFound()
    {
        var key = "hf_" + R(Letters, 34);
        var finding = Assert.Single(Scan($"{{\"text\": \"print(\\\"{key}\\\")\\n\"}}", "out.json"));
        Assert.Equal(key, finding.Secret);
    }

    [Fact]
    public void Fingerprint_SameSecretDifferentLine_IsStable()
    {
        var key = "xai-" + R(Alnum, 80);
        var a = Assert.Single(Scan($"k={key}\n"));
        var b = Assert.Single(Scan($"\n\n\nk={key}\n"));
        Assert.NotEqual(a.Line, b.Line);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, Assert.Single(Scan($"k={key}\n", "other/file.env")).Fingerprint);
    }

    [Fact]
    public void Finding_ToStringAndRedact_NeverShowTheSecret()
    {
        var key = "pplx-" + R(Alnum, 48);
        var finding = Assert.Single(Scan($"k={key}\n"));
        Assert.DoesNotContain(key, finding.ToString(), StringComparison.Ordinal);
        Assert.Equal(key[..4] + "…" + key[^2..], finding.SecretForOutput(redact: true));
        Assert.Equal(key, finding.SecretForOutput(redact: false));
    }
}
