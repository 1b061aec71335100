using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Core.Policy;

/// <summary>
/// Named ACL policies over a storage view (one entry per policy, key = lower-cased name, value =
/// JSON {"version":1,"name":...,"raw":...}). "root" is built in: never stored, cannot be written or
/// deleted. "default" is written by <see cref="EnsureDefaultsAsync"/>, may be modified, cannot be
/// deleted. Parsed policies and built ACLs are cached; any write or delete clears the caches.
/// </summary>
public sealed class PolicyStore
{
    private const int MaxCachedAcls = 1024;
    private const int MaxNameLength = 256;

    private readonly IStorageView _storage;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredPolicy> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Acl> _acls = new(StringComparer.Ordinal);
    private long _generation;

    public PolicyStore(IStorageView storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
    }

    /// <summary>The text of Vault's built-in default policy.</summary>
    public static string DefaultPolicyText => DefaultPolicy.Text;

    /// <summary>Policy names are trimmed and lower-cased, as in Vault.</summary>
    public static string NormalizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant();
    }

    /// <summary>Writes the default policy if it is absent; never overwrites an existing one.</summary>
    public async ValueTask EnsureDefaultsAsync(CancellationToken cancellationToken = default)
    {
        if (await _storage.GetAsync(AclPolicy.DefaultName, cancellationToken).ConfigureAwait(false) is null)
        {
            await StoreAsync(PolicyParser.Parse(AclPolicy.DefaultName, DefaultPolicy.Text), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The named policy, or null when absent. "root" returns the built-in root policy with empty text.</summary>
    public async ValueTask<StoredPolicy?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        name = NormalizeName(name);
        if (name == AclPolicy.RootName)
        {
            return new StoredPolicy(AclPolicy.RootName, "", AclPolicy.Root);
        }

        if (ValidateName(name) is not null)
        {
            return null;
        }

        long generation;
        lock (_lock)
        {
            if (_policies.TryGetValue(name, out var cached))
            {
                return cached;
            }

            generation = _generation;
        }

        var bytes = await _storage.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        var stored = Decode(name, bytes);
        lock (_lock)
        {
            if (generation == _generation)
            {
                _policies[name] = stored;
            }
        }

        return stored;
    }

    /// <summary>
    /// Validates and stores a policy. Refused (as a value): empty/invalid name, "root", empty or
    /// unparsable text (the message names the path and field, see <see cref="PolicyParseException"/>).
    /// </summary>
    public async ValueTask<PolicyStoreResult> PutAsync(string name, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        name = NormalizeName(name);
        if (name == AclPolicy.RootName)
        {
            return PolicyStoreResult.Fail("cannot update \"root\" policy");
        }

        if (ValidateName(name) is { } nameError)
        {
            return PolicyStoreResult.Fail(nameError);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return PolicyStoreResult.Fail("'policy' parameter not supplied or empty");
        }

        AclPolicy policy;
        try
        {
            policy = PolicyParser.Parse(name, text);
        }
        catch (PolicyParseException ex)
        {
            return PolicyStoreResult.Fail(ex.Message);
        }

        await StoreAsync(policy, cancellationToken).ConfigureAwait(false);
        return PolicyStoreResult.Ok(policy);
    }

    /// <summary>Deletes a policy; deleting an absent one succeeds. "root" and "default" are refused.</summary>
    public async ValueTask<PolicyStoreResult> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        name = NormalizeName(name);
        if (name == AclPolicy.RootName)
        {
            return PolicyStoreResult.Fail("cannot delete \"root\" policy");
        }

        if (name == AclPolicy.DefaultName)
        {
            return PolicyStoreResult.Fail("cannot delete default policy");
        }

        if (ValidateName(name) is { } nameError)
        {
            return PolicyStoreResult.Fail(nameError);
        }

        await _storage.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        Invalidate();
        return PolicyStoreResult.Ok();
    }

    /// <summary>All policy names, sorted ordinally, always including "root" and "default".</summary>
    public async ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var keys = await _storage.ListAsync("", cancellationToken).ConfigureAwait(false);
        var names = new SortedSet<string>(StringComparer.Ordinal) { AclPolicy.RootName, AclPolicy.DefaultName };
        foreach (var key in keys)
        {
            if (!key.EndsWith('/'))
            {
                names.Add(key);
            }
        }

        return [.. names];
    }

    /// <summary>
    /// The ACL for a token's policy names (normalised, de-duplicated; unknown names are skipped,
    /// as in Vault). Cached per name set until the next write or delete. A stored policy that no
    /// longer parses throws <see cref="InvalidOperationException"/> (fail closed).
    /// </summary>
    public async ValueTask<Acl> BuildAclAsync(IEnumerable<string> policyNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policyNames);
        var names = policyNames.Select(NormalizeName).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        var key = string.Join('\n', names);
        long generation;
        lock (_lock)
        {
            if (_acls.TryGetValue(key, out var cached))
            {
                return cached;
            }

            generation = _generation;
        }

        var policies = new List<AclPolicy>(names.Count);
        foreach (var name in names)
        {
            if (await GetAsync(name, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                policies.Add(stored.Policy);
            }
        }

        var acl = new Acl(policies);
        lock (_lock)
        {
            if (generation == _generation)
            {
                if (_acls.Count >= MaxCachedAcls)
                {
                    _acls.Clear();
                }

                _acls[key] = acl;
            }
        }

        return acl;
    }

    private static string? ValidateName(string name)
    {
        if (name.Length == 0)
        {
            return "policy name must be provided";
        }

        if (name.Length > MaxNameLength || name.Contains('/', StringComparison.Ordinal) || !StorageKey.IsValid(name))
        {
            return $"invalid policy name: at most {MaxNameLength} characters, no '/', control characters, \".\" or \"..\"";
        }

        return null;
    }

    private async ValueTask StoreAsync(AclPolicy policy, CancellationToken cancellationToken)
    {
        var entry = new JsonObject { ["version"] = 1, ["name"] = policy.Name, ["raw"] = policy.Raw };
        await _storage.PutAsync(policy.Name, Encoding.UTF8.GetBytes(entry.ToJsonString()), cancellationToken).ConfigureAwait(false);
        Invalidate();
    }

    private void Invalidate()
    {
        lock (_lock)
        {
            _generation++;
            _policies.Clear();
            _acls.Clear();
        }
    }

    private static StoredPolicy Decode(string name, byte[] bytes)
    {
        try
        {
            var raw = JsonNode.Parse(bytes)?["raw"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"stored policy \"{name}\" has no text");
            return new StoredPolicy(name, raw, PolicyParser.Parse(name, raw));
        }
        catch (Exception ex) when (ex is JsonException or PolicyParseException or FormatException or InvalidOperationException)
        {
            throw new InvalidOperationException($"stored policy \"{name}\" is corrupt or no longer valid", ex);
        }
    }
}
