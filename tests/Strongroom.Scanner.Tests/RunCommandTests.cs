using System.Text.Json.Nodes;
using Strongroom.Scanner.Migration;
using static Strongroom.Scanner.Tests.KeyFactory;

namespace Strongroom.Scanner.Tests;

public sealed class RunCommandTests
{
    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await RunCommand.RunAsync(args, stdout, stderr, _ => null, null, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Run_EnvFileWithReference_ChildGetsResolvedValueAndFileIsUntouched()
    {
        using var server = new FakeKvServer();
        using var dir = new TempDirectory();
        var secret = "gsk_" + R(Alnum, 52);
        server.Data["secret/demo/groq"] = new JsonObject { ["value"] = secret };
        var envFile = dir.Write(".env", "GROQ_API_KEY=strongroom://secret/demo/groq#value\nPLAIN=hello\n");
        var (code, stdout, stderr) = await RunAsync("--env-file", envFile, "--addr", server.Address, "--token", server.Token, "--", "sh", "-c", "printf '%s|%s' \"$GROQ_API_KEY\" \"$PLAIN\"");
        Assert.True(code == 0, stderr);
        Assert.Equal(secret + "|hello", stdout);
        Assert.DoesNotContain(secret, File.ReadAllText(envFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ChildExitCode_IsPassedThrough()
    {
        Assert.Equal(7, (await RunAsync("--", "sh", "-c", "exit 7")).Code);
    }

    [Fact]
    public async Task Run_UnresolvableReference_Exits125WithoutStartingChild()
    {
        using var server = new FakeKvServer();
        using var dir = new TempDirectory();
        var marker = Path.Combine(dir.Path, "started");
        var envFile = dir.Write(".env", "K=strongroom://secret/demo/missing#value\n");
        var (code, _, stderr) = await RunAsync("--env-file", envFile, "--addr", server.Address, "--token", server.Token, "--", "touch", marker);
        Assert.Equal(125, code);
        Assert.Contains("not found", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sh")]
    [InlineData("--bogus -- sh")]
    [InlineData("sh --")]
    public async Task Run_BadUsage_ExitsTwo(string commandLine)
    {
        Assert.Equal(2, (await RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Code);
    }

    [Fact]
    public void EnvFile_Parse_HandlesExportQuotesAndComments()
    {
        var (values, error) = EnvFile.Parse("# c\nexport A=1\nB='x y'\nC=\"line\\nnext\"\nD=v # comment\n\n", "t");
        Assert.Null(error);
        Assert.Equal("1", values!["A"]);
        Assert.Equal("x y", values["B"]);
        Assert.Equal("line\nnext", values["C"]);
        Assert.Equal("v", values["D"]);
        Assert.NotNull(EnvFile.Parse("novalue\n", "t").Error);
    }

    [Theory]
    [InlineData("strongroom://secret/app/openai#value", "secret", "app/openai", "value")]
    [InlineData("strongroom://kv/a/b/c#api-key", "kv", "a/b/c", "api-key")]
    public void SecretReference_TryParse_ValidReference(string text, string mount, string path, string field)
    {
        var reference = SecretReference.TryParse(text);
        Assert.Equal(new SecretReference(mount, path, field), reference);
        Assert.Equal(text, reference!.ToString());
    }

    [Theory]
    [InlineData("secret/app#value")]
    [InlineData("strongroom://secret#value")]
    [InlineData("strongroom://secret/app")]
    [InlineData("strongroom://secret/app#")]
    public void SecretReference_TryParse_InvalidIsNull(string text)
    {
        Assert.Null(SecretReference.TryParse(text));
    }
}
