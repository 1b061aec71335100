using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Commands;

internal sealed class TokenCreateCommand : Command
{
    private StringListFlag _policies = null!;
    private DurationFlag _ttl = null!;
    private DurationFlag _explicitMaxTtl = null!;
    private DurationFlag _period = null!;
    private IntFlag _useLimit = null!;
    private BoolFlag _orphan = null!;
    private BoolFlag _noDefaultPolicy = null!;
    private StringFlag _displayName = null!;
    private StringListFlag _metadata = null!;
    private BoolFlag _renewable = null!;
    private StringFlag _role = null!;
    private StringFlag _type = null!;

    public override string Name => "token create";

    public override string Synopsis => "Create a new token";

    protected override string Help => """
        Usage: strongroom token create [options]

          Creates a child of the current token (POST auth/token/create), an orphan (-orphan, auth/token/create-orphan)
          or a token from a role (-role, auth/token/create/ROLE).

              $ strongroom token create -policy=ai-readers -ttl=1h
              $ strongroom token create -policy=ci -period=24h -orphan -display-name=ci-runner
              $ strongroom token create -role=agents -metadata=team=ml
              $ export STRONGROOM_TOKEN="$(strongroom token create -policy=ai-readers -field=token)"
        """;

    protected override void DefineFlags(FlagSet flags)
    {
        _policies = flags.List("policy", "Policy to attach (repeatable or comma-separated).");
        _ttl = flags.Duration("ttl", "Initial TTL of the token.");
        _explicitMaxTtl = flags.Duration("explicit-max-ttl", "Hard maximum lifetime; the token cannot be renewed past it.");
        _period = flags.Duration("period", "Make a periodic token: renewable for this period, indefinitely.");
        _useLimit = flags.Int("use-limit", 0, "Number of uses before the token is revoked; 0 is unlimited.");
        _orphan = flags.Bool("orphan", false, "Create the token with no parent (not revoked with the parent).");
        _noDefaultPolicy = flags.Bool("no-default-policy", false, "Do not attach the \"default\" policy.");
        _displayName = flags.String("display-name", null, "Name shown in audit logs and token lookups.");
        _metadata = flags.List("metadata", "key=value metadata (repeatable).", splitCommas: false);
        _renewable = flags.Bool("renewable", true, "Allow the token to be renewed up to its max TTL.");
        _role = flags.String("role", null, "Create the token from this token role.");
        _type = flags.String("type", null, "Token type: \"service\" or \"batch\".");
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 0);
        var body = new JsonObject();
        if (_policies.Values.Count > 0)
        {
            body["policies"] = new JsonArray(_policies.Values.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        }

        Set(body, "ttl", _ttl.Value);
        Set(body, "explicit_max_ttl", _explicitMaxTtl.Value);
        Set(body, "period", _period.Value);
        Set(body, "display_name", _displayName.Value);
        Set(body, "type", _type.Value);
        if (_useLimit.Value > 0)
        {
            body["num_uses"] = _useLimit.Value;
        }

        if (_noDefaultPolicy.Value)
        {
            body["no_default_policy"] = true;
        }

        if (_metadata.Values.Count > 0)
        {
            body["meta"] = KeyValueArgs.Parse(_metadata.Values, context.Environment);
        }

        body["renewable"] = _renewable.Value;
        var path = _role.Value is { Length: > 0 } role ? "auth/token/create/" + SanitizePath(role)
            : _orphan.Value ? "auth/token/create-orphan"
            : "auth/token/create";
        if (_orphan.Value && _role.Value is { Length: > 0 })
        {
            body["no_parent"] = true;
        }

        context.Action = "creating token";
        var secret = await context.Client.PostAsync(path, body, cancellationToken).ConfigureAwait(false);
        return secret is null ? Failure : context.Output.Secret(secret);
    }

    private static void Set(JsonObject body, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            body[key] = value;
        }
    }
}
