using System.Globalization;
using System.Text;

namespace Strongroom.Injector;

/// <summary>
/// Renders the agent's configuration in Vault Agent's HCL shape (the file
/// <c>strongroom agent -config=/vault/configs/config.hcl</c> reads).
/// </summary>
internal static class AgentConfigRenderer
{
    public const string ConfigDirectory = "/vault/configs";
    public const string ConfigPath = ConfigDirectory + "/config.hcl";
    public const string TokenSinkPath = ConfigDirectory + "/.vault-token";
    public const string ServiceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>File mode used when a secret has no <c>agent-inject-perms</c> annotation: the agent runs as its own
    /// user, so the app container (another user) must be able to read the file. The volume is private to the pod.</summary>
    public const string DefaultPerms = "0644";

    public static string Render(AgentSpec spec, bool exitAfterAuth)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hcl = new StringBuilder();
        hcl.Append("# Rendered by strongroom injector. Vault Agent configuration shape.\n");
        hcl.Append("exit_after_auth = ").Append(Bool(exitAfterAuth)).Append('\n');
        hcl.Append("pid_file = ").Append(Quote(ConfigDirectory + "/agent.pid")).Append("\n\n");

        hcl.Append("vault {\n");
        hcl.Append("  address = ").Append(Quote(spec.VaultAddress)).Append('\n');
        if (spec.CaCert is not null)
        {
            hcl.Append("  ca_cert = ").Append(Quote(spec.CaCert)).Append('\n');
        }

        hcl.Append("  tls_skip_verify = ").Append(Bool(spec.TlsSkipVerify)).Append("\n}\n\n");

        hcl.Append("auto_auth {\n");
        hcl.Append("  method ").Append(Quote(spec.AuthType)).Append(" {\n");
        hcl.Append("    mount_path = ").Append(Quote(spec.AuthPath)).Append('\n');
        if (spec.Namespace is not null)
        {
            hcl.Append("    namespace = ").Append(Quote(spec.Namespace)).Append('\n');
        }

        hcl.Append("    config = {\n");
        hcl.Append("      role = ").Append(Quote(spec.Role)).Append('\n');
        if (spec.AuthType == "jwt")
        {
            hcl.Append("      path = ").Append(Quote(ServiceAccountPath + "/token")).Append('\n');
            hcl.Append("      remove_jwt_after_reading = false\n");
        }
        else
        {
            hcl.Append("      token_path = ").Append(Quote(ServiceAccountPath + "/token")).Append('\n');
        }

        hcl.Append("    }\n  }\n");
        AppendSink(hcl, TokenSinkPath);
        if (spec.InjectToken)
        {
            AppendSink(hcl, AgentAnnotations.SecretsPath + "/token");
        }

        hcl.Append("}\n\n");

        hcl.Append("template_config {\n  exit_on_retry_failure = true\n}\n");
        foreach (var secret in spec.Secrets)
        {
            hcl.Append("\ntemplate {\n");
            hcl.Append("  destination = ").Append(Quote(secret.Destination)).Append('\n');
            hcl.Append("  contents = ").Append(Quote(secret.Template)).Append('\n');
            hcl.Append("  perms = ").Append(Quote(secret.Perms ?? DefaultPerms)).Append('\n');
            if (secret.Command is not null)
            {
                hcl.Append("  command = ").Append(Quote(secret.Command)).Append('\n');
            }

            hcl.Append("  error_on_missing_key = false\n}\n");
        }

        return hcl.ToString();
    }

    private static void AppendSink(StringBuilder hcl, string path) =>
        hcl.Append("  sink \"file\" {\n    config = {\n      path = ").Append(Quote(path)).Append("\n    }\n  }\n");

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>An HCL quoted string: backslash, quote and control characters escaped.</summary>
    internal static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }
}
