namespace Strongroom.Scanner.Migration;

/// <summary>
/// Replaces every environment value that is a `strongroom://mount/path#field` reference with the field read
/// from the vault (one read per path). Resolved values live only in the returned dictionary.
/// </summary>
internal sealed class ReferenceResolver
{
    private readonly KvClient _kv;

    public ReferenceResolver(KvClient kv) => _kv = kv;

    public async Task<(Dictionary<string, string>? Resolved, string? Error)> ResolveAsync(
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var cache = new Dictionary<(string, string), IReadOnlyDictionary<string, string>>();
        var resolved = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            if (SecretReference.TryParse(value) is not { } reference)
            {
                continue;
            }

            if (!cache.TryGetValue((reference.Mount, reference.Path), out var data))
            {
                var (read, error) = await _kv.ReadAsync(reference.Mount, reference.Path, cancellationToken).ConfigureAwait(false);
                if (read is null)
                {
                    return (null, $"{name}: {error}");
                }

                cache[(reference.Mount, reference.Path)] = data = read;
            }

            if (!data.TryGetValue(reference.Field, out var secret))
            {
                return (null, $"{name}: {reference.Mount}/{reference.Path} has no field '{reference.Field}'");
            }

            resolved[name] = secret;
        }

        return (resolved, null);
    }
}
