using System.Text.Json.Nodes;
using Strongroom.Cli.Flags;
using Strongroom.Client;

namespace Strongroom.Cli.Commands;

internal sealed class LoginCommand : Command
{
    private const string KubernetesTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private StringFlag _method = null!;
    private StringFlag _path = null!;
    private BoolFlag _noStore = null!;
    private BoolFlag _noPrint = null!;
    private BoolFlag _tokenOnly = null!;

    public override string Name => "login";

    public override string Synopsis => "Authenticate locally";

    protected override string Help => """
        Usage: strongroom login [options] [AUTH K=V...]

          Authenticates to Strongroom and stores the token in ~/.strongroom-token (mode 0600).
          With the token method (default) the token is checked with auth/token/lookup-self; without an argument
          it is prompted for without echo. Other methods call auth/<path>/login with the K=V pairs:

              $ strongroom login
              $ strongroom login s.exampletoken
              $ strongroom login -method=userpass username=alice
              $ strongroom login -method=approle role_id=ROLE_ID secret_id=SECRET_ID
              $ strongroom login -method=jwt role=ci jwt=@token.jwt
              $ strongroom login -method=kubernetes role=app      (jwt defaults to the pod's service account token)
        """;

    protected override void DefineFlags(FlagSet flags)
    {
        _method = flags.String("method", "token", "Type of authentication: token, userpass, approle, jwt, kubernetes, or any auth method type.");
        _path = flags.String("path", null, "Mount path of the auth method. The default is the method name.");
        _noStore = flags.Bool("no-store", false, "Do not store the token in the token helper file.");
        _noPrint = flags.Bool("no-print", false, "Do not print the token information after login.");
        _tokenOnly = flags.Bool("token-only", false, "Print only the token (implies -no-store).");
    }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var method = (_method.Value ?? "token").Trim();
        var mount = SanitizePath(_path.Value ?? method);
        context.Action = $"authenticating with the {method} method";
        var secret = method == "token"
            ? await LoginWithTokenAsync(context, args, cancellationToken).ConfigureAwait(false)
            : await LoginWithMethodAsync(context, method, mount, args, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            return Failure;
        }

        var token = secret.Auth?["client_token"]?.ToString();
        if (string.IsNullOrEmpty(token))
        {
            await context.Stderr.WriteLineAsync($"Error {context.Action}: no client token in the response").ConfigureAwait(false);
            return Failure;
        }

        if (_tokenOnly.Value)
        {
            await context.Stdout.WriteAsync(token).ConfigureAwait(false);
            return Ok;
        }

        if (!_noStore.Value)
        {
            if (context.TokenHelper is not { } helper)
            {
                await context.Stderr.WriteLineAsync("Error storing token: no home directory").ConfigureAwait(false);
                return Failure;
            }

            helper.Store(token);
            if (!string.IsNullOrEmpty(context.Environment.GetVariable("STRONGROOM_TOKEN") ?? context.Environment.GetVariable("VAULT_TOKEN")))
            {
                await context.Stderr.WriteLineAsync("WARNING! STRONGROOM_TOKEN/VAULT_TOKEN is set and takes precedence over the stored token.").ConfigureAwait(false);
            }
        }

        if (_noPrint.Value)
        {
            return Ok;
        }

        if (context.Output.IsTable)
        {
            var stored = _noStore.Value
                ? "The token was not stored in the token helper. Set STRONGROOM_TOKEN to use it."
                : "The token information displayed below is already stored in the token helper. You do NOT need to run \"strongroom login\" again.";
            await context.Stdout.WriteLineAsync($"Success! You are now authenticated. {stored} Future requests will use this token.\n").ConfigureAwait(false);
        }

        return context.Output.Secret(secret);
    }

    private static async Task<VaultResponse?> LoginWithTokenAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ExpectArgs(args, 0, 1);
        string? token = null;
        if (args.Count == 1)
        {
            token = args[0] == "-" ? (await context.Environment.Stdin.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Trim()
                : args[0].StartsWith("token=", StringComparison.Ordinal) ? args[0]["token=".Length..] : args[0];
        }

        token ??= context.Environment.ReadSecret("Token (will be hidden): ", context.Stderr)?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            throw new CommandUsageException("A token must be passed as an argument, on stdin (-) or at the prompt");
        }

        context.Client.Token = token;
        var lookup = await context.Client.ReadAsync("auth/token/lookup-self", cancellationToken).ConfigureAwait(false);
        var data = lookup?.Data ?? [];
        var auth = new JsonObject
        {
            ["client_token"] = token,
            ["accessor"] = data["accessor"]?.DeepClone(),
            ["policies"] = data["policies"]?.DeepClone(),
            ["token_policies"] = data["policies"]?.DeepClone(),
            ["identity_policies"] = data["identity_policies"]?.DeepClone(),
            ["metadata"] = data["meta"]?.DeepClone(),
            ["lease_duration"] = data["ttl"]?.DeepClone() ?? 0,
            ["renewable"] = data["renewable"]?.DeepClone() ?? false,
        };
        return VaultResponse.FromObject(new JsonObject
        {
            ["request_id"] = lookup?.RequestId,
            ["lease_id"] = string.Empty,
            ["lease_duration"] = 0,
            ["renewable"] = false,
            ["data"] = null,
            ["warnings"] = null,
            ["auth"] = auth,
        });
    }

    private static async Task<VaultResponse?> LoginWithMethodAsync(
        CommandContext context, string method, string mount, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var body = KeyValueArgs.Parse(args, context.Environment);
        var path = $"auth/{mount}/login";
        switch (method)
        {
            case "userpass" or "ldap":
                var username = Take(body, "username") ?? throw new CommandUsageException("username=... is required");
                path += "/" + username;
                body["password"] ??= context.Environment.ReadSecret("Password (will be hidden): ", context.Stderr)
                    ?? throw new CommandUsageException("password=... is required");
                break;
            case "approle":
                Require(body, "role_id");
                break;
            case "jwt" or "oidc":
                Require(body, "role");
                Require(body, "jwt");
                break;
            case "kubernetes":
                Require(body, "role");
                if (body["jwt"] is null && File.Exists(KubernetesTokenPath))
                {
                    body["jwt"] = (await File.ReadAllTextAsync(KubernetesTokenPath, cancellationToken).ConfigureAwait(false)).Trim();
                }

                Require(body, "jwt");
                break;
        }

        context.Client.Token = null;
        return await context.Client.WriteAsync(path, body, cancellationToken).ConfigureAwait(false);
    }

    private static string? Take(JsonObject body, string key)
    {
        var value = body[key]?.ToString();
        body.Remove(key);
        return value;
    }

    private static void Require(JsonObject body, string key)
    {
        if (body[key] is null)
        {
            throw new CommandUsageException($"{key}=... is required");
        }
    }
}
