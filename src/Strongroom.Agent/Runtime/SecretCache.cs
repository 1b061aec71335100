using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Strongroom.Agent.Templates;
using Strongroom.Client;

namespace Strongroom.Agent;

/// <summary>
/// The secrets templates asked for, with their lease schedule: leased secrets are renewed at two thirds
/// of the lease and fetched anew when they cannot be renewed (or a max TTL caps the renewal); secrets
/// without a lease are re-read every static interval. Identical calls share one fetch.
/// </summary>
internal sealed class SecretCache : ISecretSource
{
    private readonly AgentVault _vault;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _staticInterval;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private DateTimeOffset _nextStaticRefresh;

    public SecretCache(AgentVault vault, TimeProvider clock, TimeSpan staticInterval, ILogger logger)
    {
        _vault = vault;
        _clock = clock;
        _staticInterval = staticInterval;
        _logger = logger;
        _nextStaticRefresh = clock.GetUtcNow() + staticInterval;
    }

    /// <summary>When something is next due (a renewal, a re-fetch, or the static re-read).</summary>
    public DateTimeOffset NextActionAt
    {
        get
        {
            var next = _entries.Values.Any(e => !e.Leased) ? _nextStaticRefresh : DateTimeOffset.MaxValue;
            foreach (var entry in _entries.Values.Where(e => e.Leased && e.NextActionAt < next))
            {
                next = entry.NextActionAt;
            }

            return next;
        }
    }

    public int Count => _entries.Count;

    public async ValueTask<IReadOnlyDictionary<string, object?>> GetSecretAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var key = path.Trim('/') + "\n" + string.Join("\n", parameters.Select(p => p.Key + "=" + p.Value));
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = new Entry(key, path.Trim('/'), parameters);
            await FetchAsync(entry, cancellationToken).ConfigureAwait(false);
            _entries[key] = entry;
        }

        return entry.Secret!;
    }

    /// <summary>Renews, re-fetches and re-reads what is due; returns true when any secret's data changed.</summary>
    public async Task<bool> TickAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var changed = false;
        foreach (var entry in _entries.Values.Where(e => e.Leased && e.NextActionAt <= now).ToList())
        {
            if (entry.Renewable && !entry.RefetchDue)
            {
                try
                {
                    var increment = (long)entry.OriginalDuration.TotalSeconds;
                    var renewed = await _vault.Client.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = entry.LeaseId, ["increment"] = increment }, cancellationToken).ConfigureAwait(false);
                    var duration = TimeSpan.FromSeconds(renewed?.LeaseDuration ?? 0);
                    if (duration <= TimeSpan.Zero)
                    {
                        throw new VaultApiException(HttpMethod.Put, "sys/leases/renew", HttpStatusCode.BadRequest, ["lease not renewed"]);
                    }

                    // Renewed for less than asked: the max TTL is near, so fetch a new secret before it ends.
                    entry.RefetchDue = duration < entry.OriginalDuration || !renewed!.Renewable;
                    entry.NextActionAt = _clock.GetUtcNow() + (duration * 2 / 3);
                    Log.LeaseRenewed(_logger, entry.Path, (long)duration.TotalSeconds);
                    continue;
                }
                catch (VaultApiException e) when ((int)e.StatusCode is >= 400 and < 500 && e.StatusCode != HttpStatusCode.Forbidden)
                {
                    Log.Refetching(_logger, entry.Path, "renewal refused");
                }
            }
            else
            {
                Log.Refetching(_logger, entry.Path, entry.Renewable ? "near max TTL" : "lease not renewable");
            }

            changed |= await RefetchAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        if (now >= _nextStaticRefresh)
        {
            foreach (var entry in _entries.Values.Where(e => !e.Leased).ToList())
            {
                if (await RefetchAsync(entry, cancellationToken).ConfigureAwait(false))
                {
                    Log.StaticChanged(_logger, entry.Path);
                    changed = true;
                }
            }

            _nextStaticRefresh = _clock.GetUtcNow() + _staticInterval;
        }

        return changed;
    }

    /// <summary>Fetches again; a secret that is gone is dropped (the next render reports it and keeps the old file).</summary>
    private async Task<bool> RefetchAsync(Entry entry, CancellationToken cancellationToken)
    {
        try
        {
            return await FetchAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (TemplateFunctionException)
        {
            _entries.Remove(entry.Key);
            return true;
        }
    }

    /// <summary>Fetches (read, or write when there are parameters); returns whether the data differs from before.</summary>
    private async Task<bool> FetchAsync(Entry entry, CancellationToken cancellationToken)
    {
        VaultResponse? response;
        if (entry.Parameters.Count == 0)
        {
            response = await _vault.Client.ReadAsync(entry.Path, cancellationToken).ConfigureAwait(false)
                ?? throw new TemplateFunctionException($"no secret exists at {entry.Path}");
        }
        else
        {
            var body = new JsonObject();
            foreach (var (k, v) in entry.Parameters)
            {
                body[k] = v;
            }

            response = await _vault.Client.WriteAsync(entry.Path, body, cancellationToken).ConfigureAwait(false);
        }

        var dataJson = response?.Data?.ToJsonString() ?? "null";
        var changed = entry.DataJson is not null && !string.Equals(dataJson, entry.DataJson, StringComparison.Ordinal);
        entry.DataJson = dataJson;
        entry.LeaseId = string.IsNullOrEmpty(response?.LeaseId) ? null : response.LeaseId;
        var duration = TimeSpan.FromSeconds(response?.LeaseDuration ?? 0);
        entry.Leased = entry.LeaseId is not null && duration > TimeSpan.Zero;
        entry.Renewable = entry.Leased && response!.Renewable;
        entry.OriginalDuration = duration;
        entry.RefetchDue = false;
        entry.NextActionAt = entry.Leased ? _clock.GetUtcNow() + (duration * 2 / 3) : DateTimeOffset.MaxValue;
        entry.Secret = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Data"] = TemplateValues.FromJson(response?.Data) ?? new Dictionary<string, object?>(),
            ["LeaseID"] = entry.LeaseId ?? string.Empty,
            ["LeaseDuration"] = (long)duration.TotalSeconds,
            ["Renewable"] = entry.Renewable,
            ["RequestID"] = response?.RequestId ?? string.Empty,
            ["Warnings"] = response?.Warnings.Cast<object?>().ToList() ?? [],
        };
        return changed;
    }

    private sealed class Entry(string key, string path, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        public string Key { get; } = key;

        public string Path { get; } = path;

        public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; } = parameters;

        public IReadOnlyDictionary<string, object?>? Secret { get; set; }

        public string? DataJson { get; set; }

        public string? LeaseId { get; set; }

        public bool Leased { get; set; }

        public bool Renewable { get; set; }

        public bool RefetchDue { get; set; }

        public TimeSpan OriginalDuration { get; set; }

        public DateTimeOffset NextActionAt { get; set; }
    }
}
