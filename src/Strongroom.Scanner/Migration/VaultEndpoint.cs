namespace Strongroom.Scanner.Migration;

/// <summary>
/// Server address and token: flags first, then STRONGROOM_ADDR/STRONGROOM_TOKEN, then VAULT_ADDR/VAULT_TOKEN
/// (DESIGN.md compatibility contract); the address defaults to http://127.0.0.1:8200.
/// </summary>
internal sealed record VaultEndpoint(Uri Address, string? Token)
{
    public const string DefaultAddress = "http://127.0.0.1:8200";

    public static (VaultEndpoint? Endpoint, string? Error) Resolve(string? addressFlag, string? tokenFlag, Func<string, string?> env)
    {
        var address = First(addressFlag, env("STRONGROOM_ADDR"), env("VAULT_ADDR")) ?? DefaultAddress;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"server address '{address}' is not an http(s) URL");
        }

        return (new VaultEndpoint(uri, First(tokenFlag, env("STRONGROOM_TOKEN"), env("VAULT_TOKEN"))), null);
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    public override string ToString() => Address.ToString();
}
