using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;
using Strongroom.Cli.Kv;

namespace Strongroom.Cli.Commands;

internal sealed class KvPatchCommand : KvCommand
{
    private IntFlag _cas = null!;
    private StringFlag _method = null!;

    public override string Name => "kv patch";

    public override string Synopsis => "Update parts of a kv v2 secret, keeping the other keys";

    protected override string Help => """
        Usage: strongroom kv patch [options] KEY [DATA]

          Merges the data into the latest version at the given path (kv v2 only), creating a new version.
          -method=patch (default) sends an HTTP PATCH; -method=rw reads, merges locally and writes with check-and-set.

              $ strongroom kv patch secret/ai/openai org=org-example
              $ strongroom kv patch -method=rw -cas=2 secret/ai/openai org=org-example
        """;

    protected override void DefineKvFlags(FlagSet flags)
    {
        _cas = flags.Int("cas", -1, "Check-and-set version; -1 disables.");
        _method = flags.String("method", "patch", "\"patch\" (HTTP PATCH) or \"rw\" (read, merge, write).", v => v is "patch" or "rw" ? null : "must be patch or rw");
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 2, int.MaxValue);
        var data = KeyValueArgs.Parse(args.Skip(1), context.Environment);
        var (mount, path) = await ResolveAsync(context, args[0], cancellationToken).ConfigureAwait(false);
        RequireV2(mount, "kv patch");
        var apiPath = KvPaths.ApiPath(mount, path, "data");
        var cas = _cas.Value;
        if (_method.Value == "rw")
        {
            context.Action = $"reading {apiPath}";
            var current = await context.Client.ReadAsync(apiPath, cancellationToken).ConfigureAwait(false);
            if (current?.Data?["data"] is not JsonObject existing)
            {
                await context.Stderr.WriteLineAsync($"No value found at {apiPath}").ConfigureAwait(false);
                return UsageError;
            }

            foreach (var (key, value) in data)
            {
                existing[key] = value?.DeepClone();
            }

            data = (JsonObject)existing.DeepClone();
            if (cas < 0 && current.Data["metadata"]?["version"] is JsonValue v && v.TryGetValue(out int version))
            {
                cas = version;
            }
        }

        var body = new JsonObject { ["data"] = data };
        if (cas >= 0)
        {
            body["options"] = new JsonObject { ["cas"] = cas };
        }

        context.Action = $"patching {apiPath}";
        var secret = _method.Value == "rw"
            ? await context.Client.WriteAsync(apiPath, body, cancellationToken).ConfigureAwait(false)
            : await context.Client.PatchAsync(apiPath, body, cancellationToken).ConfigureAwait(false);
        return KvOutput.Written(context, secret, mount, apiPath);
    }
}
