using System.Reflection;
using System.Text.Json.Nodes;

namespace Strongroom.Cli.Commands;

internal sealed class VersionCommand : Command
{
    public override string Name => "version";

    public override string Synopsis => "Print the Strongroom CLI version";

    protected override string Help => """
        Usage: strongroom version

          Prints the version of this CLI (not of the server; see "strongroom status").

              $ strongroom version
        """;

    /// <summary>The informational version of the CLI assembly, without source-revision suffix.</summary>
    internal static string Version
    {
        get
        {
            var info = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = info.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? info : info[..plus];
        }
    }

    protected override Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        var text = $"Strongroom v{Version}\n";
        return Task.FromResult(context.Output.Custom(new JsonObject { ["version"] = Version }, text));
    }
}
