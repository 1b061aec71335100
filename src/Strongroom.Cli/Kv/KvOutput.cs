using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Cli.Commands;
using Strongroom.Cli.Output;
using Strongroom.Client;

namespace Strongroom.Cli.Kv;

/// <summary>The vault-style output of kv writes and reads ("== Secret Path ==", "=== Metadata ===", "=== Data ===").</summary>
internal static class KvOutput
{
    /// <summary>Output of put/patch/rollback: v2 shows the new version's metadata, v1 a success line.</summary>
    public static int Written(CommandContext context, VaultResponse? secret, KvMount mount, string apiPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (secret is null || secret.Data is null)
        {
            return context.Output.IsTable ? context.Output.Success($"Data written to: {apiPath}") : 0;
        }

        if (!context.Output.IsTable)
        {
            return context.Output.Secret(secret);
        }

        var text = new StringBuilder();
        if (mount.IsV2)
        {
            text.Append(TableWriter.Header("Secret Path", apiPath.Length)).Append('\n').Append(apiPath).Append("\n\n");
            text.Append(TableWriter.HeaderForKeys("Metadata", secret.Data.Select(p => p.Key))).Append('\n');
        }

        text.Append(OutputPrinter.KeyValueTable(secret.Data));
        context.Stdout.Write(text.ToString());
        context.Output.Warnings(secret);
        return 0;
    }

    /// <summary>Output of kv get: v2 splits the envelope's data into metadata and data.</summary>
    public static int Read(CommandContext context, VaultResponse secret, KvMount mount, string apiPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(secret);
        if (!mount.IsV2 || secret.WrapInfo is not null)
        {
            return context.Output.Secret(secret);
        }

        var data = secret.Data?["data"] as JsonObject;
        var metadata = secret.Data?["metadata"] as JsonObject;
        if (context.Output.Field is not null)
        {
            var inner = VaultResponse.FromObject(new JsonObject { ["data"] = data?.DeepClone() ?? new JsonObject() });
            return context.Output.Secret(inner);
        }

        if (!context.Output.IsTable)
        {
            return context.Output.Secret(secret);
        }

        var text = new StringBuilder();
        text.Append(TableWriter.Header("Secret Path", apiPath.Length)).Append('\n').Append(apiPath).Append("\n\n");
        if (metadata is not null)
        {
            text.Append(TableWriter.HeaderForKeys("Metadata", metadata.Select(p => p.Key))).Append('\n');
            text.Append(OutputPrinter.KeyValueTable(metadata));
        }

        if (data is not null)
        {
            text.Append('\n').Append(TableWriter.HeaderForKeys("Data", data.Select(p => p.Key))).Append('\n');
            text.Append(OutputPrinter.KeyValueTable(data));
        }

        context.Stdout.Write(text.ToString());
        context.Output.Warnings(secret);
        return 0;
    }
}
