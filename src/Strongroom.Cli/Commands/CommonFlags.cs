using Strongroom.Cli.Flags;
using Strongroom.Client;

namespace Strongroom.Cli.Commands;

/// <summary>The HTTP and output flags every command accepts.</summary>
internal sealed class CommonFlags
{
    private static readonly string[] Formats = ["table", "json", "yaml"];

    public CommonFlags(FlagSet flags, ICliEnvironment environment)
    {
        flags.Section("HTTP Options");
        Address = flags.String("address", null, "Address of the Strongroom server. Overrides STRONGROOM_ADDR / VAULT_ADDR.");
        Token = flags.String("token", null, "Token to use. Prefer STRONGROOM_TOKEN: command-line flags are visible to other local users.");
        Namespace = flags.String("namespace", null, "Namespace sent as X-Vault-Namespace (accepted for Vault compatibility; ignored by Strongroom).");
        CaCert = flags.String("ca-cert", null, "PEM file of CA certificates used to verify the server. Overrides STRONGROOM_CACERT / VAULT_CACERT.");
        SkipVerify = flags.Bool("tls-skip-verify", false, "Disable TLS certificate verification (dev only). Overrides STRONGROOM_SKIP_VERIFY / VAULT_SKIP_VERIFY.");
        WrapTtl = flags.String("wrap-ttl", null, "Wrap the response in a cubbyhole token valid for this long (e.g. 5m); unwrap it with \"strongroom unwrap\". Also STRONGROOM_WRAP_TTL / VAULT_WRAP_TTL.");
        flags.Section("Output Options");
        var defaultFormat = environment.GetVariable("STRONGROOM_FORMAT") is { Length: > 0 } sf ? sf
            : environment.GetVariable("VAULT_FORMAT") is { Length: > 0 } vf ? vf : "table";
        DefaultFormat = defaultFormat;
        Format = flags.String("format", DefaultFormat, "Print the output in the given format: \"table\", \"json\" or \"yaml\". Also STRONGROOM_FORMAT / VAULT_FORMAT.", ValidateFormat);
        Field = flags.String("field", null, "Print only the value of the given field, with no newline or formatting.");
    }

    public string DefaultFormat { get; }

    public StringFlag Address { get; }

    public StringFlag Token { get; }

    public StringFlag Namespace { get; }

    public StringFlag CaCert { get; }

    public BoolFlag SkipVerify { get; }

    public StringFlag WrapTtl { get; }

    public StringFlag Format { get; }

    public StringFlag Field { get; }

    /// <summary>The effective output format, or null if the environment default is invalid.</summary>
    public string? EffectiveFormat =>
        Formats.FirstOrDefault(f => string.Equals(f, Format.Value, StringComparison.OrdinalIgnoreCase));

    public VaultClientOverrides ToOverrides() => new()
    {
        Address = Address.Value,
        Token = Token.Value,
        Namespace = Namespace.Value,
        CaCertPath = CaCert.Value,
        SkipVerify = SkipVerify.IsSet ? SkipVerify.Value : null,
        WrapTtl = WrapTtl.Value,
    };

    private static string? ValidateFormat(string value) =>
        Formats.Contains(value, StringComparer.OrdinalIgnoreCase) ? null : "must be one of table, json, yaml";
}
