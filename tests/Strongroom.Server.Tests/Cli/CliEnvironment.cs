using Strongroom.Cli;

namespace Strongroom.Server.Tests.Cli;

/// <summary>An isolated environment for CLI runs: own variables, own home directory (token helper).</summary>
internal sealed class CliEnvironment : ICliEnvironment, IDisposable
{
    private readonly Queue<string> _secrets = new();

    public CliEnvironment(Uri address, string? token)
    {
        HomeDirectory = Directory.CreateTempSubdirectory("strongroom-cli-e2e-").FullName;
        Variables["STRONGROOM_ADDR"] = address.ToString().TrimEnd('/');
        if (token is not null)
        {
            Variables["STRONGROOM_TOKEN"] = token;
        }
    }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string HomeDirectory { get; }

    string? ICliEnvironment.HomeDirectory => HomeDirectory;

    public TextReader Stdin { get; set; } = new StringReader(string.Empty);

    public void QueueSecret(string secret) => _secrets.Enqueue(secret);

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public string? ReadSecret(string prompt, TextWriter stderr) => _secrets.Count > 0 ? _secrets.Dequeue() : null;

    public HttpMessageHandler? CreateHttpHandler() => null;

    public async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, this, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(HomeDirectory, recursive: true);
}
