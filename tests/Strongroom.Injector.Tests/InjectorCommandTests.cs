namespace Strongroom.Injector.Tests;

/// <summary>`strongroom injector` flags, AGENT_INJECT_* environment variables and start-up errors.</summary>
public sealed class InjectorCommandTests
{
    private static Func<string, string?> Env(Dictionary<string, string>? values = null) =>
        name => values is not null && values.TryGetValue(name, out var v) ? v : null;

    [Fact]
    public async Task Run_Help_PrintsUsage()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await InjectorCommand.RunAsync(["-help"], stdout, stderr, Env(), CancellationToken.None);
        Assert.Equal(0, code);
        Assert.Contains("Usage: strongroom injector", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("AGENT_INJECT_TLS_CERT_FILE", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-no-such-flag", "unknown flag")]
    [InlineData("-fail-closed=sometimes", "-fail-closed must be true or false")]
    [InlineData("-cpu-limit=lots", "-cpu-limit must be a Kubernetes quantity")]
    [InlineData("-auth-type=approle", "-auth-type must be kubernetes or jwt")]
    [InlineData("-vault-address=not a url", "-vault-address must be an http(s) URL")]
    [InlineData("-listen=nowhere", "invalid listen address")]
    [InlineData("-run-as-user=-1", "-run-as-user must be a non-negative number")]
    [InlineData("-format=yaml", "-format must be json or table")]
    public async Task Run_BadFlag_Exits2WithMessage(string flag, string expected)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await InjectorCommand.RunAsync([flag], stdout, stderr, Env(), CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutTlsFiles_Exits1()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await InjectorCommand.RunAsync(["-listen=127.0.0.1:0"], stdout, stderr, Env(), CancellationToken.None);
        Assert.Equal(1, code);
        Assert.Contains("-tls-cert-file and -tls-key-file", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingCertificateFile_Exits1()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var missing = Path.Combine(Path.GetTempPath(), "strongroom-no-such-dir", "tls.crt");
        var code = await InjectorCommand.RunAsync(["-listen=127.0.0.1:0", "-tls-cert-file", missing, "-tls-key-file", missing], stdout, stderr, Env(), CancellationToken.None);
        Assert.Equal(1, code);
        Assert.Contains("Error starting injector", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ValidFlags_ServesUntilCancelled()
    {
        var directory = Directory.CreateTempSubdirectory("strongroom-injector-cmd-").FullName;
        try
        {
            var certificate = Infrastructure.TestCertificate.Create(directory);
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            using var cancel = new CancellationTokenSource();
            var run = InjectorCommand.RunAsync(["-format=json"], stdout, stderr, Env(new()
            {
                ["AGENT_INJECT_LISTEN"] = "127.0.0.1:0",
                ["AGENT_INJECT_TLS_CERT_FILE"] = certificate.CertFile,
                ["AGENT_INJECT_TLS_KEY_FILE"] = certificate.KeyFile,
            }), cancel.Token);
            for (var i = 0; i < 200 && !stdout.ToString().Contains("address", StringComparison.Ordinal) && !run.IsCompleted; i++)
            {
                await Task.Delay(50); // waiting for a real server to start: no clock to inject here
            }

            var line = System.Text.Json.Nodes.JsonNode.Parse(stdout.ToString())!;
            Assert.StartsWith("https://127.0.0.1:", (string)line["address"]!, StringComparison.Ordinal);
            Assert.True((bool)line["fail_closed"]!);
            await cancel.CancelAsync();
            Assert.Equal(0, await run);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ParseOptions_FlagsOverrideEnvironmentOverDefaults()
    {
        var options = InjectorCommand.ParseOptions(["-agent-image=registry.example.com/strongroom:flag", "-fail-closed", "false"], Env(new()
        {
            ["AGENT_INJECT_VAULT_IMAGE"] = "registry.example.com/strongroom:env",
            ["AGENT_INJECT_VAULT_ADDR"] = "https://strongroom.strongroom.svc:8200",
            ["AGENT_INJECT_CPU_LIMIT"] = "",
            ["AGENT_INJECT_MEM_REQUEST"] = "32Mi",
            ["AGENT_INJECT_RUN_AS_USER"] = "2000",
            ["AGENT_INJECT_VAULT_AUTH_PATH"] = "auth/k8s",
        }));
        Assert.Equal("registry.example.com/strongroom:flag", options.AgentImage);
        Assert.Equal("https://strongroom.strongroom.svc:8200", options.VaultAddress);
        Assert.False(options.FailClosed);
        Assert.Equal(string.Empty, options.CpuLimit);
        Assert.Equal("32Mi", options.MemoryRequest);
        Assert.Equal("128Mi", options.MemoryLimit);
        Assert.Equal(2000, options.RunAsUser);
        Assert.Equal(1000, options.RunAsGroup);
        Assert.Equal("auth/k8s", options.AuthPath);
        Assert.Equal(":8080", options.Listen);
    }
}
