using System.Globalization;
using Strongroom.Cli.Flags;
using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvGetCommand : KvCommand
{
    private IntFlag _version = null!;

    public override string Name => "kv get";

    public override string Synopsis => "Retrieve data from the kv store";

    protected override string Help => """
        Usage: strongroom kv get [options] KEY

          Reads the data at the given path in the kv store (the latest version, or -version on kv v2).
          Exit code 2 when there is no value.

              $ strongroom kv get secret/ai/openai
              $ strongroom kv get -mount=secret -version=1 ai/openai
              $ export OPENAI_API_KEY="$(strongroom kv get -field=api-key secret/ai/openai)"
        """;

    protected override void DefineKvFlags(FlagSet flags) =>
        _version = flags.Int("version", 0, "The version to read (kv v2); 0 is the latest.");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 1);
        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        var apiPath = KvPaths.ApiPath(mount, path, "data");
        var query = mount.IsV2 && _version.Value > 0
            ? new Dictionary<string, string> { ["version"] = _version.Value.ToString(CultureInfo.InvariantCulture) }
            : null;
        context.Action = $"reading {apiPath}";
        var secret = await context.Client.ReadAsync(apiPath, query, cancellationToken).ConfigureAwait(false);
        if (secret is null || (mount.IsV2 && secret.Data?["data"] is null && context.Output.Field is not null))
        {
            await context.Stderr.WriteLineAsync($"No value found at {apiPath}").ConfigureAwait(false);
            return UsageError;
        }

        return KvOutput.Read(context, secret, mount, apiPath);
    }
}
