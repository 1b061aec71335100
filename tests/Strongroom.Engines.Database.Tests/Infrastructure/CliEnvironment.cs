using Strongroom.Cli;

namespace Strongroom.Engines.Database.Tests.Infrastructure;

/// <summary>An isolated environment for in-process CLI runs against the test server.</summary>
internal sealed class CliEnvironment : ICliEnvironment, IDisposable
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public CliEnvironment(Uri address, string token)
    {
        HomeDirectory = Directory.CreateTempSubdirectory("strongroom-db-cli-").FullName;
        _variables["STRONGROOM_ADDR"] = address.ToString().TrimEnd('/');
        _variables["STRONGROOM_TOKEN"] = token;
    }

    public string HomeDirectory { get; }

    string? ICliEnvironment.HomeDirectory => HomeDirectory;

    public TextReader Stdin { get; } = new StringReader(string.Empty);

    public string? GetVariable(string name) => _variables.GetValueOrDefault(name);

    public string? ReadSecret(string prompt, TextWriter stderr) => null;

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
