using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class OperatorInitCommand : Command
{
    private IntFlag _shares = null!;
    private IntFlag _threshold = null!;
    private BoolFlag _status = null!;

    public override string Name => "operator init";

    public override string Synopsis => "Initialize a server: unseal key shares and root token";

    protected override string Help => """
        Usage: strongroom operator init [options]

          Initializes a new server (PUT sys/init). The root key is split into -key-shares Shamir shares of which
          -key-threshold are needed to unseal. The unseal keys and the initial root token are printed ONCE:
          distribute the keys to their holders and revoke the root token once other access is set up.

              $ strongroom operator init
              $ strongroom operator init -key-shares=3 -key-threshold=2
              $ strongroom operator init -status      (exit 0 initialized, 2 not initialized)
        """;

    protected override void DefineFlags(FlagSet flags)
    {
        _shares = flags.Int("key-shares", 5, "Number of unseal key shares to create.");
        _threshold = flags.Int("key-threshold", 3, "Number of shares required to reconstruct the root key.");
        _status = flags.Bool("status", false, "Print the initialization status only.");
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        if (_status.Value)
        {
            context.Action = "checking initialization status";
            var state = await context.Client.ReadAsync("sys/init", cancellationToken).ConfigureAwait(false);
            var initialized = state?.Data?["initialized"] is JsonValue v && v.TryGetValue(out bool b) && b;
            await context.Stdout.WriteLineAsync(initialized ? "Strongroom is initialized" : "Strongroom is not initialized").ConfigureAwait(false);
            return initialized ? Ok : UsageError;
        }

        if (_shares.Value < 1 || _threshold.Value < 1 || _threshold.Value > _shares.Value || (_shares.Value > 1 && _threshold.Value < 2))
        {
            throw new CommandUsageException("Invalid key shares/threshold: need 1 <= threshold <= shares, and threshold >= 2 when shares > 1");
        }

        context.Action = "initializing";
        var response = await context.Client.WriteAsync(
            "sys/init",
            new JsonObject { ["secret_shares"] = _shares.Value, ["secret_threshold"] = _threshold.Value },
            cancellationToken).ConfigureAwait(false);
        var data = response?.Data ?? [];
        var hex = Strings(data["keys"]);
        var b64 = Strings(data["keys_base64"]);
        var rootToken = data["root_token"]?.ToString() ?? string.Empty;
        var result = new JsonObject
        {
            ["unseal_keys_b64"] = ToArray(b64),
            ["unseal_keys_hex"] = ToArray(hex),
            ["unseal_shares"] = _shares.Value,
            ["unseal_threshold"] = _threshold.Value,
            ["recovery_keys_b64"] = new JsonArray(),
            ["recovery_keys_hex"] = new JsonArray(),
            ["recovery_keys_shares"] = 0,
            ["recovery_keys_threshold"] = 0,
            ["root_token"] = rootToken,
        };
        return context.Output.Custom(result, Table(b64.Count > 0 ? b64 : hex, rootToken));
    }

    private string Table(List<string> keys, string rootToken)
    {
        var text = new StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Unseal Key {i + 1}: {keys[i]}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nInitial Root Token: {rootToken}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Strongroom initialized with {_shares.Value} key shares and a key threshold of {_threshold.Value}. ");
        text.Append("Please securely distribute the key shares printed above. When the server is re-sealed, restarted, ");
        text.Append(CultureInfo.InvariantCulture, $"or stopped, you must supply at least {_threshold.Value} of these keys to unseal it ");
        text.Append("before it can start servicing requests.\n\n");
        text.Append("Strongroom does not store the generated root key. Without at least ");
        text.Append(CultureInfo.InvariantCulture, $"{_threshold.Value} keys to reconstruct the root key, Strongroom will remain permanently sealed!\n\n");
        text.Append("It is possible to generate new unseal keys, provided you have a quorum of existing unseal keys shares.\n");
        return text.ToString();
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(k => k?.ToString() ?? string.Empty).ToList() : [];

    private static JsonArray ToArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
