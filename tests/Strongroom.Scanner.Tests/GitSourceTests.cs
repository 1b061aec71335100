using System.Text.Json;
using static Strongroom.Scanner.Tests.CommandHarness;
using static Strongroom.Scanner.Tests.KeyFactory;

namespace Strongroom.Scanner.Tests;

public sealed class GitSourceTests
{
    [Fact]
    public async Task History_SecretAddedThenDeleted_IsFoundInItsCommit()
    {
        using var dir = new TempDirectory();
        InitRepo(dir.Path);
        dir.Write("app.py", "print('v1')\n");
        Git(dir.Path, "add", ".");
        Git(dir.Path, "commit", "-qm", "initial");
        var key = "sk-ant-api03-" + R(UrlSafe, 93) + "AA";
        dir.Write("app.py", $"print('v2')\nclient = Anthropic(api_key=\"{key}\")\n");
        Git(dir.Path, "commit", "-qam", "add key");
        var leakCommit = Git(dir.Path, "rev-parse", "HEAD").Trim();
        dir.Write("app.py", "print('v3')\n");
        Git(dir.Path, "commit", "-qam", "remove key");

        Assert.Equal(0, (await ScanAsync([dir.Path])).Code);
        var (code, stdout, _) = await ScanAsync([dir.Path, "--git", "--format", "json"]);
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(stdout);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("anthropic-api-key", finding.GetProperty("ruleId").GetString());
        Assert.Equal(leakCommit, finding.GetProperty("commit").GetString());
        Assert.Equal("app.py", finding.GetProperty("file").GetString());
        Assert.Equal(2, finding.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task History_Branch_LimitsToThatBranch()
    {
        using var dir = new TempDirectory();
        InitRepo(dir.Path);
        dir.Write("a.txt", "hello\n");
        Git(dir.Path, "add", ".");
        Git(dir.Path, "commit", "-qm", "initial");
        Git(dir.Path, "checkout", "-qb", "feature");
        dir.Write("b.env", "GROQ_API_KEY=gsk_" + R(Alnum, 52) + "\n");
        Git(dir.Path, "add", ".");
        Git(dir.Path, "commit", "-qm", "feature key");
        Git(dir.Path, "checkout", "-q", "main");

        Assert.Equal(1, (await ScanAsync([dir.Path, "--git"])).Code);
        Assert.Equal(0, (await ScanAsync([dir.Path, "--git", "--branch", "main"])).Code);
        Assert.Equal(1, (await ScanAsync([dir.Path, "--git", "--branch", "feature"])).Code);
    }

    [Fact]
    public async Task History_Since_SkipsOlderCommits()
    {
        using var dir = new TempDirectory();
        InitRepo(dir.Path);
        dir.Write("old.env", "GROQ_API_KEY=gsk_" + R(Alnum, 52) + "\n");
        Git(dir.Path, "add", ".");
        var old = new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = "2005-04-07T22:13:13Z", ["GIT_COMMITTER_DATE"] = "2005-04-07T22:13:13Z" };
        GitWithEnv(dir.Path, old, "commit", "-qm", "old leak");
        Assert.Equal(1, (await ScanAsync([dir.Path, "--git", "--since", "2000-01-01"])).Code);
        Assert.Equal(0, (await ScanAsync([dir.Path, "--git", "--since", "2010-01-01"])).Code);
    }

    [Fact]
    public async Task Staged_SecretInIndex_IsFoundWithNewFileLine()
    {
        using var dir = new TempDirectory();
        InitRepo(dir.Path);
        dir.Write("config.yaml", "a: 1\nb: 2\n");
        Git(dir.Path, "add", ".");
        Git(dir.Path, "commit", "-qm", "initial");
        dir.Write("config.yaml", "a: 1\nb: 2\nslack: xoxb-" + R(Digits, 12) + "-" + R(Digits, 13) + "-" + R(Alnum, 24) + "\n");
        Assert.Equal(0, (await ScanAsync([dir.Path, "--staged"])).Code);
        Git(dir.Path, "add", "config.yaml");
        var (code, stdout, stderr) = await ScanAsync([dir.Path, "--staged", "--format", "jsonl"]);
        Assert.Equal(1, code);
        using var line = JsonDocument.Parse(stdout.Trim());
        Assert.Equal(3, line.RootElement.GetProperty("line").GetInt32());
        Assert.Contains("strongroom:allow", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staged_OutsideGitRepository_IsUsageError()
    {
        using var dir = new TempDirectory();
        var (code, _, stderr) = await ScanAsync([dir.Path, "--staged"]);
        Assert.Equal(2, code);
        Assert.Contains("not inside a Git work tree", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallHook_GitRepository_WritesExecutableHookThatBlocksLeakingCommit()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // POSIX hook script and file modes.
        }

        using var dir = new TempDirectory();
        InitRepo(dir.Path);
        // A stand-in for the strongroom binary that behaves like `scan --staged` finding a secret.
        var fake = dir.Write("fake-strongroom.sh", "#!/bin/sh\necho \"finding in staged changes\"\nexit 1\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (code, stdout, _) = await ScanAsync(["install-hook", dir.Path, "--command", fake]);
        Assert.Equal(0, code);
        var hook = Path.Combine(dir.Path, ".git", "hooks", "pre-commit");
        Assert.Contains(hook, stdout, StringComparison.Ordinal);
        Assert.True(File.GetUnixFileMode(hook).HasFlag(UnixFileMode.UserExecute));

        dir.Write("x.txt", "x\n");
        Git(dir.Path, "add", "x.txt");
        var error = Assert.Throws<InvalidOperationException>(() => Git(dir.Path, "commit", "-qm", "leak"));
        Assert.Contains("commit blocked", error.Message, StringComparison.Ordinal);
        Assert.Contains("strongroom:allow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallHook_ForeignHookExists_RefusesWithoutForce()
    {
        using var dir = new TempDirectory();
        InitRepo(dir.Path);
        dir.Write(".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n");
        Assert.Equal(2, (await ScanAsync(["install-hook", dir.Path])).Code);
        Assert.Equal(0, (await ScanAsync(["install-hook", dir.Path, "--force"])).Code);
        Assert.Equal(0, (await ScanAsync(["install-hook", dir.Path])).Code);
    }
}
