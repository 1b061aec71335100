namespace Strongroom.Client;

/// <summary>Where and how to talk to the server. Build one with <see cref="Resolve"/>.</summary>
public sealed record VaultClientSettings
{
    /// <summary>The default address, as Vault's: TLS on loopback port 8200.</summary>
    public const string DefaultAddress = "https://127.0.0.1:8200";

    public required Uri Address { get; init; }

    public string? Token { get; init; }

    /// <summary>Sent as X-Vault-Namespace when set (Strongroom ignores it; Vault Enterprise compatible).</summary>
    public string? Namespace { get; init; }

    /// <summary>PEM file of CA certificates to trust instead of the system store.</summary>
    public string? CaCertPath { get; init; }

    /// <summary>Disables TLS certificate verification (dev only).</summary>
    public bool SkipVerify { get; init; }

    /// <summary>When set, every request asks for a response-wrapped answer (X-Vault-Wrap-TTL), e.g. "5m".</summary>
    public string? WrapTtl { get; init; }

    /// <summary>Never prints the token.</summary>
    public override string ToString() =>
        $"VaultClientSettings(Address={Address}, Token={(Token is null ? "<none>" : "<set>")}, Namespace={Namespace})";

    /// <summary>
    /// Resolves settings: explicit flag &gt; STRONGROOM_* &gt; VAULT_* &gt; token helper file (token only) &gt; default.
    /// </summary>
    /// <param name="overrides">Values from command-line flags (null fields are unset).</param>
    /// <param name="getEnvironmentVariable">Environment lookup (injectable for tests).</param>
    /// <param name="homeDirectory">Home directory holding the token helper file, or null.</param>
    public static VaultClientSettings Resolve(
        VaultClientOverrides overrides,
        Func<string, string?> getEnvironmentVariable,
        string? homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);

        string? Env(string suffix) =>
            NonEmpty(getEnvironmentVariable("STRONGROOM_" + suffix)) ?? NonEmpty(getEnvironmentVariable("VAULT_" + suffix));

        var address = NonEmpty(overrides.Address) ?? Env("ADDR") ?? DefaultAddress;
        var token = NonEmpty(overrides.Token) ?? Env("TOKEN");
        if (token is null && homeDirectory is not null)
        {
            token = new TokenHelper(homeDirectory).Read();
        }

        var skip = overrides.SkipVerify ?? ParseBool(Env("SKIP_VERIFY"));
        return new VaultClientSettings
        {
            Address = ParseAddress(address),
            Token = token,
            Namespace = NonEmpty(overrides.Namespace) ?? Env("NAMESPACE"),
            CaCertPath = NonEmpty(overrides.CaCertPath) ?? Env("CACERT"),
            SkipVerify = skip,
            WrapTtl = NonEmpty(overrides.WrapTtl) ?? Env("WRAP_TTL"),
        };
    }

    /// <summary>Parses an address such as http://127.0.0.1:8200; throws <see cref="FormatException"/> if it is not http(s).</summary>
    public static Uri ParseAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!Uri.TryCreate(address.TrimEnd('/'), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"invalid address \"{address}\": expected http(s)://host:port");
        }

        return uri;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool ParseBool(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase)
            || value.Equals("t", StringComparison.OrdinalIgnoreCase));
}
