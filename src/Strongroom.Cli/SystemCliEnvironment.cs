using System.Text;

namespace Strongroom.Cli;

/// <summary>The real process environment, console and home directory.</summary>
internal sealed class SystemCliEnvironment : ICliEnvironment
{
    public static readonly SystemCliEnvironment Instance = new();

    private SystemCliEnvironment()
    {
    }

    public string? HomeDirectory
    {
        get
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (!string.IsNullOrEmpty(home))
            {
                return home;
            }

            var profile = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return string.IsNullOrEmpty(profile) ? null : profile;
        }
    }

    public TextReader Stdin => Console.In;

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public HttpMessageHandler? CreateHttpHandler() => null;

    public string? ReadSecret(string prompt, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        stderr.Write(prompt);
        stderr.Flush();
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                stderr.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
