using System.Net;
using System.Security.Cryptography;
using Strongroom.Server.Tests.Infrastructure;

namespace Strongroom.Server.Tests.Scanner;

/// <summary>`strongroom scan --migrate --apply` and `strongroom run` against the real server.</summary>
public sealed class MigrateAndRunTests : IClassFixture<InMemoryServerFixture>, IDisposable
{
    private readonly InMemoryServerFixture _fixture;
    private readonly string _dir = Directory.CreateTempSubdirectory("strongroom-migrate-").FullName;

    public MigrateAndRunTests(InMemoryServerFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>An OpenAI-shaped key generated at run time (never committed).</summary>
    private static string GeneratedOpenAiKey()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return "sk-proj-" + RandomNumberGenerator.GetString(alphabet, 48) + "T3BlbkFJ" + RandomNumberGenerator.GetString(alphabet, 48);
    }

    [Fact]
    public async Task Migrate_MovesTheKeyIntoTheVault_AndRunHandsItOnlyToTheChild()
    {
        var key = GeneratedOpenAiKey();
        var envFile = Path.Combine(_dir, ".env");
        await File.WriteAllTextAsync(envFile, $"OPENAI_API_KEY={key}\nLOG_LEVEL=info\n");
        var addr = _fixture.Server.Address.ToString().TrimEnd('/');

        var (dryCode, dryOut) = await RunAsync("scan", "--migrate", "--app", "chatbot", "--addr", addr, "--token", _fixture.RootToken, _dir);
        Assert.True(dryCode is 0 or 1, dryOut);
        Assert.Contains(key, await File.ReadAllTextAsync(envFile), StringComparison.Ordinal);

        var (code, output) = await RunAsync("scan", "--migrate", "--apply", "--app", "chatbot", "--addr", addr, "--token", _fixture.RootToken, _dir);
        Assert.True(code is 0 or 1, output);
        Assert.DoesNotContain(key, output, StringComparison.Ordinal);
        var rewritten = await File.ReadAllTextAsync(envFile);
        Assert.DoesNotContain(key, rewritten, StringComparison.Ordinal);
        Assert.Contains("strongroom://secret/chatbot/", rewritten, StringComparison.Ordinal);

        using var vault = _fixture.Client();
        var stored = (await vault.GetAsync("secret/data/chatbot/openai-api-key")).Expect(HttpStatusCode.OK);
        Assert.Contains(key, stored.Raw, StringComparison.Ordinal);

        // The scan of the migrated tree is clean.
        var (rescan, _) = await RunAsync("scan", _dir, "--no-git");
        Assert.Equal(0, rescan);

        // run resolves the reference for the child only.
        var outFile = Path.Combine(_dir, "child.out");
        var (runCode, runOut) = await RunAsync("run", "--env-file", envFile, "--addr", addr, "--token", _fixture.RootToken, "--", "sh", "-c", $"printf %s \"$OPENAI_API_KEY\" > {outFile}");
        Assert.True(runCode == 0, runOut);
        Assert.Equal(key, await File.ReadAllTextAsync(outFile));
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(envFile), StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Strongroom.Cli.CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout + stderr.ToString());
    }
}
