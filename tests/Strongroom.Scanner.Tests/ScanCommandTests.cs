using System.Text.Json;
using static Strongroom.Scanner.Tests.CommandHarness;
using static Strongroom.Scanner.Tests.KeyFactory;

namespace Strongroom.Scanner.Tests;

public sealed class ScanCommandTests
{
    [Fact]
    public async Task RunAsync_CleanDirectory_ExitsZero()
    {
        using var dir = new TempDirectory();
        dir.Write("README.md", "# hello\napi_key = \"your-key-here\"\n");
        var (code, stdout, _) = await ScanAsync([dir.Path]);
        Assert.Equal(0, code);
        Assert.Contains("no secrets found", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DirectoryWithKey_ExitsOneAndRedacts()
    {
        using var dir = new TempDirectory();
        var key = "sk-ant-api03-" + R(UrlSafe, 93) + "AA";
        dir.Write("svc/.env", $"ANTHROPIC_API_KEY={key}\n");
        var (code, stdout, _) = await ScanAsync([dir.Path]);
        Assert.Equal(1, code);
        Assert.Contains("anthropic-api-key", stdout, StringComparison.Ordinal);
        Assert.Contains("svc/.env:1:19", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, stdout, StringComparison.Ordinal);
        Assert.Contains(key[..4] + "…" + key[^2..], stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoRedact_ShowsSecret()
    {
        using var dir = new TempDirectory();
        var key = "r8_" + R(Alnum, 37);
        dir.Write("a.txt", key);
        var (code, stdout, _) = await ScanAsync([dir.Path, "--no-redact", "--format", "json"]);
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(key, json.RootElement.GetProperty("findings")[0].GetProperty("secret").GetString());
    }

    [Theory]
    [InlineData("--format", "yaml")]
    [InlineData("--bogus", "x")]
    [InlineData("--since", "2020-01-01")]
    public async Task RunAsync_BadArguments_ExitsTwo(string option, string value)
    {
        var (code, _, stderr) = await ScanAsync([option, value]);
        Assert.Equal(2, code);
        Assert.Contains("usage:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingPath_ExitsTwo()
    {
        var (code, _, stderr) = await ScanAsync([Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid())]);
        Assert.Equal(2, code);
        Assert.Contains("no such file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Stdin_ScansInput()
    {
        var key = "gsk_" + R(Alnum, 52);
        var (code, stdout, _) = await ScanAsync(["-", "--format", "jsonl"], $"hello\nGROQ_API_KEY={key}\n");
        Assert.Equal(1, code);
        using var line = JsonDocument.Parse(stdout.Trim());
        Assert.Equal("groq-api-key", line.RootElement.GetProperty("ruleId").GetString());
        Assert.Equal("stdin", line.RootElement.GetProperty("file").GetString());
        Assert.Equal(2, line.RootElement.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task RunAsync_GitIgnoredFile_IsSkippedUnlessNoGit()
    {
        using var dir = new TempDirectory();
        InitRepo(dir.Path);
        dir.Write(".gitignore", "secrets/\n*.local\n");
        dir.Write("secrets/prod.env", "XAI_API_KEY=xai-" + R(Alnum, 80) + "\n");
        dir.Write("app.local", "token=pplx-" + R(Alnum, 48) + "\n");
        dir.Write("app.py", "print('hi')\n");
        Assert.Equal(0, (await ScanAsync([dir.Path])).Code);
        var (code, stdout, _) = await ScanAsync([dir.Path, "--no-git", "--format", "jsonl"]);
        Assert.Equal(1, code);
        Assert.Equal(2, stdout.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task RunAsync_NonGitDirectoryWithGitignore_HonoursIt()
    {
        using var dir = new TempDirectory();
        dir.Write(".gitignore", "build/\n");
        dir.Write("build/out.txt", "xai-" + R(Alnum, 80));
        Assert.Equal(0, (await ScanAsync([dir.Path])).Code);
        Assert.Equal(1, (await ScanAsync([dir.Path, "--no-git"])).Code);
    }

    [Fact]
    public async Task RunAsync_LockFilesAndMinifiedBundles_DoNotCryWolf()
    {
        using var dir = new TempDirectory();
        dir.Write("package-lock.json", $"{{\"integrity\": \"sha512-{R(Base64, 86)}\", \"token\": \"{R(Alnum, 40)}\"}}");
        dir.Write("dist/app.min.js", $"var x={{secret:\"{R(Alnum, 32)}\",token:\"{R(Alnum, 40)}\"}};");
        Assert.Equal(0, (await ScanAsync([dir.Path])).Code);
    }

    [Fact]
    public async Task RunAsync_SingleFilePath_ScansThatFile()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("one.yaml", "key: pcsk_" + R(Alnum, 5) + "_" + R(Alnum, 63) + "\n");
        dir.Write("two.yaml", "key: pcsk_" + R(Alnum, 5) + "_" + R(Alnum, 63) + "\n");
        var (code, stdout, _) = await ScanAsync([file, "--format", "jsonl"]);
        Assert.Equal(1, code);
        Assert.Single(stdout.Trim().Split('\n'));
        Assert.Contains("one.yaml", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OutputFile_WritesReportThere()
    {
        using var dir = new TempDirectory();
        dir.Write("src/k.txt", "sk-or-v1-" + R(Hex, 64));
        var report = Path.Combine(dir.Path, "report.json");
        var (code, stdout, _) = await ScanAsync([Path.Combine(dir.Path, "src"), "--format", "json", "--output", report]);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("findings").GetInt32());
    }
}
