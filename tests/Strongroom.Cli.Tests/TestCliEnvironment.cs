namespace Strongroom.Cli.Tests;

/// <summary>An injectable environment: variables, a temporary home directory, stdin text and prompt answers.</summary>
internal sealed class TestCliEnvironment : ICliEnvironment, IDisposable
{
    private readonly Queue<string> _secrets = new();

    public TestCliEnvironment()
    {
        HomeDirectory = Directory.CreateTempSubdirectory("strongroom-cli-test-").FullName;
    }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string HomeDirectory { get; }

    string? ICliEnvironment.HomeDirectory => HomeDirectory;

    public TextReader Stdin { get; set; } = new StringReader(string.Empty);

    public List<string> Prompts { get; } = [];

    public TestCliEnvironment WithSecret(string secret)
    {
        _secrets.Enqueue(secret);
        return this;
    }

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public string? ReadSecret(string prompt, TextWriter stderr)
    {
        Prompts.Add(prompt);
        return _secrets.Count > 0 ? _secrets.Dequeue() : null;
    }

    public HttpMessageHandler? CreateHttpHandler() => null;

    public void Dispose() => Directory.Delete(HomeDirectory, recursive: true);
}
