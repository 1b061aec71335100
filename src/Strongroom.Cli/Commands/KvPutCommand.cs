using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;
using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvPutCommand : KvCommand
{
    private IntFlag _cas = null!;

    public override string Name => "kv put";

    public override string Synopsis => "Set or update data in the kv store";

    protected override string Help => """
        Usage: strongroom kv put [options] KEY [DATA]

          Writes the data to the given path in the kv store, replacing what is there (a new version on kv v2).
          DATA is key=value pairs, key=@file (file contents), key=- (stdin), @data.json or "-" (JSON on stdin).

              $ strongroom kv put secret/ai/openai api-key=@openai.key
              $ strongroom kv put -mount=secret ai/anthropic api-key=-
              $ strongroom kv put -cas=1 secret/foo bar=baz
        """;

    protected override void DefineKvFlags(FlagSet flags) =>
        _cas = flags.Int("cas", -1, "Check-and-set: write only if the current version matches (0 = only if absent). -1 disables (kv v2).");

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 2, int.MaxValue);
        var data = KeyValueArgs.Parse(args.Skip(1), context.Environment);
        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        var apiPath = KvPaths.ApiPath(mount, path, "data");
        JsonObject body = data;
        if (mount.IsV2)
        {
            body = new JsonObject { ["data"] = data };
            if (_cas.Value >= 0)
            {
                body["options"] = new JsonObject { ["cas"] = _cas.Value };
            }
        }

        context.Action = $"writing data to {apiPath}";
        var secret = await context.Client.WriteAsync(apiPath, body, cancellationToken).ConfigureAwait(false);
        return KvOutput.Written(context, secret, mount, apiPath);
    }
}
