using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Cli.Kv;
using Strongroom.Cli.Output;

namespace Strongroom.Cli.Commands;

internal sealed class KvMetadataGetCommand : KvCommand
{
    public override string Name => "kv metadata get";

    public override string Synopsis => "Show a secret's metadata and versions (kv v2)";

    protected override string Help => """
        Usage: strongroom kv metadata get [options] KEY

          Prints the metadata of the key and of each of its versions (kv v2 only).

              $ strongroom kv metadata get secret/ai/openai
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        RequireV2(mount, "kv metadata get");
        var apiPath = KvPaths.ApiPath(mount, path, "metadata");
        context.Action = $"reading {apiPath}";
        var secret = await context.Client.ReadAsync(apiPath, cancellationToken).ConfigureAwait(false);
        if (secret?.Data is not { } data)
        {
            await context.Stderr.WriteLineAsync($"No value found at {apiPath}").ConfigureAwait(false);
            return UsageError;
        }

        if (!context.Output.IsTable)
        {
            return context.Output.Secret(secret);
        }

        var summary = new JsonObject();
        foreach (var (key, value) in data.Where(p => p.Key != "versions"))
        {
            summary[key] = value?.DeepClone();
        }

        var text = new StringBuilder();
        text.Append(TableWriter.Header("Metadata Path", apiPath.Length)).Append('\n').Append(apiPath).Append("\n\n");
        text.Append(TableWriter.HeaderForKeys("Metadata", summary.Select(p => p.Key))).Append('\n');
        text.Append(OutputPrinter.KeyValueTable(summary));
        if (data["versions"] is JsonObject versions)
        {
            foreach (var (version, info) in versions.OrderBy(p => int.TryParse(p.Key, out var n) ? n : 0))
            {
                if (info is JsonObject versionInfo)
                {
                    text.Append('\n').Append(TableWriter.HeaderForKeys("Version " + version, versionInfo.Select(p => p.Key))).Append('\n');
                    text.Append(OutputPrinter.KeyValueTable(versionInfo));
                }
            }
        }

        await context.Stdout.WriteAsync(text.ToString()).ConfigureAwait(false);
        return Ok;
    }
}
