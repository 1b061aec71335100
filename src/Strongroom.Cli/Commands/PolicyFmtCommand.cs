using Strongroom.Cli.Policy;

namespace Strongroom.Cli.Commands;

internal sealed class PolicyFmtCommand : Command
{
    public override string Name => "policy fmt";

    public override string Synopsis => "Format an HCL policy file in place";

    protected override string Help => """
        Usage: strongroom policy fmt [options] PATH

          Rewrites the HCL policy file at PATH in the canonical layout (two-space indentation, aligned "=").
          Works offline; it does not validate the policy (policy write does).

              $ strongroom policy fmt ai-readers.hcl
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var path = args[0];
        if (!File.Exists(path))
        {
            throw new CommandUsageException($"Error opening policy file: {path} does not exist");
        }

        context.Action = $"formatting {path}";
        var original = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var formatted = HclFormatter.Format(original);
        if (!string.Equals(original, formatted, StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync(path, formatted, cancellationToken).ConfigureAwait(false);
        }

        return context.Output.Success($"Formatted policy: {path}");
    }
}
