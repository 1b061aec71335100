namespace Strongroom.Cli;

/// <summary>What the CLI needs from its surroundings; replaced in tests.</summary>
internal interface ICliEnvironment
{
    /// <summary>Reads an environment variable (null when unset).</summary>
    string? GetVariable(string name);

    /// <summary>The user's home directory (where the token helper file lives), or null.</summary>
    string? HomeDirectory { get; }

    /// <summary>Standard input, for <c>-</c> arguments.</summary>
    TextReader Stdin { get; }

    /// <summary>Prompts on stderr and reads a line without echo; null when no input is available.</summary>
    string? ReadSecret(string prompt, TextWriter stderr);

    /// <summary>An HTTP handler to use instead of the default one, or null.</summary>
    HttpMessageHandler? CreateHttpHandler();
}
