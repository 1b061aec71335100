using Strongroom.Cli;

namespace Strongroom.Gateway.Tests.Infrastructure;

/// <summary>A CLI environment pointing at the test server, with no stdin and no home directory.</summary>
internal sealed class TestCliEnvironment(Uri address, string token) : ICliEnvironment
{
    public string? GetVariable(string name) => name switch
    {
        "STRONGROOM_ADDR" => address.ToString(),
        "STRONGROOM_TOKEN" => token,
        _ => null,
    };

    public string? HomeDirectory => null;

    public TextReader Stdin => TextReader.Null;

    public string? ReadSecret(string prompt, TextWriter stderr) => null;

    public HttpMessageHandler? CreateHttpHandler() => null;
}
