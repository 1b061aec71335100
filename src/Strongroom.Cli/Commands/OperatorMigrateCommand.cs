using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Core.Hcl;
using Strongroom.Core.Storage;
using Strongroom.Server;
using Strongroom.Server.Configuration;

namespace Strongroom.Cli.Commands;

internal sealed class OperatorMigrateCommand : Command
{
    private Flags.StringFlag? _config;
    private Flags.BoolFlag? _reset;

    public override string Name => "operator migrate";

    public override string Synopsis => "Copy all data offline from one storage to another";

    protected override string Help => """
        Usage: strongroom operator migrate -config=migrate.hcl [options]

          Offline copy of every storage entry (still barrier-encrypted) from storage_source to
          storage_destination, Vault's shape. Stop every server on both storages first. The destination
          must be empty (or pass -reset to replace its content); the copy is one transaction on SQLite
          and PostgreSQL. The migrated cluster unseals with the same key shares.

              $ cat migrate.hcl
              storage_source "sqlite" { path = "/var/lib/strongroom/strongroom.db" }
              storage_destination "postgresql" { connection_url_file = "/etc/strongroom/pg-url" }
              $ strongroom operator migrate -config=migrate.hcl
        """;

    protected override void DefineFlags(Flags.FlagSet flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        _config = flags.String("config", "", "Path to the migration config (storage_source and storage_destination blocks).");
        _reset = flags.Bool("reset", false, "Replace the destination's content even if it is not empty.");
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        if (string.IsNullOrEmpty(_config!.Value))
        {
            throw new CommandUsageException("-config is required");
        }

        context.Action = "reading migration config";
        var (source, destination) = Parse(await File.ReadAllTextAsync(_config.Value, cancellationToken).ConfigureAwait(false));
        context.Action = "migrating";
        try
        {
            var count = await MigrateAsync(source, destination, _reset!.Value, cancellationToken).ConfigureAwait(false);
            var summary = new JsonObject { ["source"] = source.Type, ["destination"] = destination.Type, ["entry_count"] = count };
            return context.Output.Custom(summary, string.Create(CultureInfo.InvariantCulture, $"Success! Migrated {count} entries from {source.Type} to {destination.Type}\n"));
        }
        catch (Exception ex) when (ex is ConfigException or StorageUnavailableException or InvalidOperationException)
        {
            await context.Stderr.WriteLineAsync($"Error {context.Action}: {ex.Message}").ConfigureAwait(false);
            return Failure;
        }
    }

    internal static (StorageConfig Source, StorageConfig Destination) Parse(string text)
    {
        JsonObject root;
        try
        {
            root = text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) as JsonObject ?? [] : HclParser.Parse(text).ToJsonNode() as JsonObject ?? [];
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or HclParseException)
        {
            throw new FormatException("migration config: " + ex.Message, ex);
        }

        try
        {
            var source = ServerConfig.ParseStorageBlock(root["storage_source"] ?? throw new FormatException("migration config needs a storage_source block"), "storage_source");
            var destination = ServerConfig.ParseStorageBlock(root["storage_destination"] ?? throw new FormatException("migration config needs a storage_destination block"), "storage_destination");
            return (source, destination);
        }
        catch (ConfigException ex)
        {
            throw new FormatException("migration config: " + ex.Message, ex);
        }
    }

    internal static async Task<int> MigrateAsync(StorageConfig source, StorageConfig destination, bool reset, CancellationToken cancellationToken)
    {
        await using var from = await PhysicalBackends.CreateAsync(source, cancellationToken).ConfigureAwait(false);
        await using var to = await PhysicalBackends.CreateAsync(destination, cancellationToken).ConfigureAwait(false);
        if (!reset && (await to.ListPageAsync("", "", 1, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new InvalidOperationException("the destination storage is not empty (pass -reset to replace its content)");
        }

        var entries = await from.ExportAsync(cancellationToken).ConfigureAwait(false);
        await to.ReplaceAllAsync(entries, cancellationToken).ConfigureAwait(false);
        return entries.Count;
    }
}
