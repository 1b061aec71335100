using System.Text.Json.Nodes;

namespace Strongroom.Cli.Commands;

internal sealed class TokenCapabilitiesCommand : Command
{
    public override string Name => "token capabilities";

    public override string Synopsis => "Print a token's capabilities on a path";

    protected override string Help => """
        Usage: strongroom token capabilities [options] [TOKEN] PATH

          Prints the capabilities the current token (sys/capabilities-self) or TOKEN (sys/capabilities)
          has on PATH, e.g. "create, read, update".

              $ strongroom token capabilities secret/data/ai/openai
              $ strongroom token capabilities "$APP_TOKEN" secret/data/ai/openai
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 1, 2);
        var path = SanitizePath(args[^1]);
        var body = new JsonObject { ["paths"] = new JsonArray(path) };
        var endpoint = "sys/capabilities-self";
        if (args.Count == 2)
        {
            body["token"] = args[0];
            endpoint = "sys/capabilities";
        }

        context.Action = "listing capabilities";
        var secret = await context.Client.PostAsync(endpoint, body, cancellationToken).ConfigureAwait(false);
        var capabilities = (secret?.Data?[path] ?? secret?.Data?["capabilities"]) as JsonArray ?? [];
        var names = capabilities.Select(c => c?.ToString() ?? string.Empty).Order(StringComparer.Ordinal).ToArray();
        if (!context.Output.IsTable)
        {
            return context.Output.Structured(new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()));
        }

        await context.Stdout.WriteLineAsync(string.Join(", ", names)).ConfigureAwait(false);
        return Ok;
    }
}
