using System.Text.Json.Nodes;

namespace Strongroom.Cli.Commands;

internal sealed class PolicyWriteCommand : Command
{
    public override string Name => "policy write";

    public override string Synopsis => "Upload a policy from a file or stdin";

    protected override string Help => """
        Usage: strongroom policy write [options] NAME PATH

          Uploads the HCL or JSON policy in the file PATH ("-" reads stdin) as NAME (PUT sys/policies/acl/NAME).

              $ strongroom policy write ai-readers ai-readers.hcl
              $ cat ai-readers.hcl | strongroom policy write ai-readers -
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 2, 2);
        var name = SanitizePath(args[0]).ToLowerInvariant();
        string policy;
        if (args[1] == "-")
        {
            policy = await context.Environment.Stdin.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!File.Exists(args[1]))
        {
            throw new CommandUsageException($"Error opening policy file: {args[1]} does not exist");
        }
        else
        {
            policy = await File.ReadAllTextAsync(args[1], cancellationToken).ConfigureAwait(false);
        }

        context.Action = $"uploading policy {name}";
        await context.Client.WriteAsync("sys/policies/acl/" + name, new JsonObject { ["policy"] = policy }, cancellationToken).ConfigureAwait(false);
        return context.Output.Success($"Uploaded policy: {name}");
    }
}
