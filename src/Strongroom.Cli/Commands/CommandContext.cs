using Strongroom.Cli.Output;
using Strongroom.Client;

namespace Strongroom.Cli.Commands;

/// <summary>What a running command sees: its output, environment and (lazily) an API client.</summary>
internal sealed class CommandContext : IDisposable
{
    private readonly CommonFlags _common;
    private VaultClient? _client;
    private VaultClientSettings? _settings;

    public CommandContext(TextWriter stdout, TextWriter stderr, ICliEnvironment environment, CommonFlags common, string format)
    {
        Stdout = stdout;
        Stderr = stderr;
        Environment = environment;
        _common = common;
        Output = new OutputPrinter(stdout, stderr, format, common.Field.Value);
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    public ICliEnvironment Environment { get; }

    public OutputPrinter Output { get; }

    /// <summary>What the command is doing, for the "Error &lt;action&gt;: ..." message if the API call fails.</summary>
    public string Action { get; set; } = "making request";

    /// <summary>Client settings resolved from flags, environment and the token helper file.</summary>
    public VaultClientSettings Settings =>
        _settings ??= VaultClientSettings.Resolve(_common.ToOverrides(), Environment.GetVariable, Environment.HomeDirectory);

    public VaultClient Client => _client ??= CreateClient();

    /// <summary>The token helper file, or null when there is no home directory.</summary>
    public TokenHelper? TokenHelper => Environment.HomeDirectory is { } home ? new TokenHelper(home) : null;

    public void Dispose() => _client?.Dispose();

    private VaultClient CreateClient()
    {
        var handler = Environment.CreateHttpHandler();
        return new VaultClient(Settings, handler);
    }
}
