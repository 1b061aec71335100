using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Strongroom.Engines.Ai;

namespace Strongroom.Gateway;

/// <summary>
/// Grants per virtual key, so requests are decided in the gateway without a server call. A request
/// draws from its key's slice under the key's lock; when the slice is half used or half way to its
/// validity, one background lease fetches the next (steady-state requests never wait). A request
/// waits only when there is no valid grant, or the slice cannot hold it: then the old slice is
/// returned and settlements are flushed before asking, so the server sees exactly what is left.
/// Keys are held by SHA-256 only. Refusals of the key itself (401) are remembered for one validity.
/// </summary>
internal sealed class GrantCache
{
    private const int MaxAttempts = 16;
    private const int SweepAbove = 10_000;
    private const long MaxWantRequests = 100_000;

    private readonly ConcurrentDictionary<KeyId, Entry> _entries = new();
    private readonly ServerLedgerClient _ledger;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _validity;
    private readonly ILogger _logger;

    public GrantCache(GatewayOptions options, ServerLedgerClient ledger, ILogger logger)
    {
        _ledger = ledger;
        _clock = options.Clock;
        _validity = options.GrantValidity;
        _logger = logger;
    }

    /// <summary>Admits a request against its key's grant, leasing a new grant first when needed.</summary>
    public async ValueTask<Admission> AcquireAsync(string apiKey, string endpoint, string model, long promptEstimate, long? maxTokens, string? remote,
        CancellationToken cancellationToken)
    {
        var entry = GetEntry(apiKey);
        var mustFlush = false;
        for (var attempt = 0; ; attempt++)
        {
            Task<LeaseResult> refresh;
            bool flushed;
            lock (entry)
            {
                var now = _clock.GetUtcNow();
                if (entry.Denial is { } denied && now < entry.DeniedUntil)
                {
                    return Admission.Refused(denied);
                }

                var grant = entry.Current;
                var flush = mustFlush;
                if (grant is not null && now < grant.ValidUntil)
                {
                    var admission = TryDraw(grant, endpoint, model, promptEstimate, maxTokens, remote, out var fits);
                    if (admission.Denial is not null || fits)
                    {
                        if (fits)
                        {
                            RefreshAheadIfDue(entry, grant, apiKey, now);
                        }

                        return admission;
                    }

                    // The slice cannot hold this request: give it back so the server can count it.
                    flush = true;
                }

                if (attempt >= MaxAttempts)
                {
                    return Admission.Refused(GatewayDenial.BudgetExhausted("the key's remaining budget or request allowance is held by requests in flight; retry"));
                }

                entry.Need = (endpoint, model, promptEstimate, maxTokens);
                entry.Waiters++;
                if (entry.Refresh is null)
                {
                    Retire(entry);
                    refresh = entry.Refresh = StartRefresh(entry, apiKey, flush);
                    entry.RefreshFlushed = flush;
                }
                else
                {
                    refresh = entry.Refresh;
                }

                flushed = entry.RefreshFlushed;
            }

            LeaseResult result;
            try
            {
                result = await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (entry)
                {
                    entry.Waiters--;
                }
            }

            if (result.Denial is { Status: 429 } && !flushed)
            {
                // Refused while this gateway's own slice and unsent settlements were still counted: ask again, exactly.
                mustFlush = true;
            }
            else if (result.Denial is { } refused)
            {
                return Admission.Refused(refused);
            }
        }
    }

    /// <summary>Returns every slice to the server (queued as returns) and forgets the grants; used by flush and shutdown.</summary>
    public async Task ReturnAllAsync()
    {
        foreach (var entry in _entries.Values)
        {
            Task? refresh;
            lock (entry)
            {
                refresh = entry.Refresh;
            }

            if (refresh is not null)
            {
                await refresh.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            lock (entry)
            {
                Retire(entry);
            }
        }
    }

    /// <summary>Decides one request against the slice (caller holds the entry lock).</summary>
    private static Admission TryDraw(Grant grant, string endpoint, string model, long promptEstimate, long? maxTokens, string? remote, out bool fits)
    {
        fits = false;
        if (GatewayRules.Check(grant.Role, grant.AllowedEndpoints, grant.AllowedModels, grant.AllowedCidrs, endpoint, model, remote) is { } refusal)
        {
            return Admission.Refused(refusal);
        }

        GrantProvider? provider = null;
        foreach (var p in grant.Providers)
        {
            if (GatewayRules.Serves(p.Type, p.Models, endpoint, model))
            {
                provider = p;
                break;
            }
        }

        if (provider is null)
        {
            return Admission.Refused(GatewayDenial.Forbidden("model_not_allowed", $"no provider of role \"{grant.Role}\" serves model \"{model}\" on the {endpoint} endpoint"));
        }

        if (provider.UpstreamKey is null)
        {
            return Admission.Refused(new GatewayDenial(503, "no_upstream_key", $"provider \"{provider.Name}\" has no usable upstream key"));
        }

        var completion = GatewayRules.CompletionReserve(endpoint, maxTokens, grant.DefaultMaxTokens);
        var tokens = promptEstimate + completion;
        var cost = grant.Price(model, promptEstimate, completion);
        if (grant.Requests == 0 || (grant.GrantedTokens >= 0 && grant.Tokens < tokens) || (grant.GrantedCost >= 0 && grant.Cost < cost))
        {
            return default;
        }

        grant.Requests -= grant.GrantedRequests >= 0 ? 1 : 0;
        grant.Tokens -= grant.GrantedTokens >= 0 ? tokens : 0;
        grant.Cost -= grant.GrantedCost >= 0 ? cost : 0;
        grant.DrawnRequests++;
        fits = true;
        return new Admission(grant, provider, grant.GrantedTokens >= 0 ? tokens : 0, grant.GrantedCost >= 0 ? cost : 0, null);
    }

    /// <summary>Starts a background lease when the slice is half used or half way to expiry (caller holds the entry lock).</summary>
    private void RefreshAheadIfDue(Entry entry, Grant grant, string apiKey, DateTimeOffset now)
    {
        if (entry.Refresh is not null || now < entry.NextBackground)
        {
            return;
        }

        var due = now - grant.Issued >= (grant.ValidUntil - grant.Issued) / 2
            || (grant.GrantedRequests > 0 && grant.Requests * 2 < grant.GrantedRequests)
            || (grant.GrantedTokens > 0 && grant.Tokens * 2 < grant.GrantedTokens)
            || (grant.GrantedCost > 0 && grant.Cost * 2 < grant.GrantedCost);
        if (due)
        {
            var refresh = entry.Refresh = StartRefresh(entry, apiKey, flushFirst: false);
            entry.RefreshFlushed = false;
            _ = refresh.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private Task<LeaseResult> StartRefresh(Entry entry, string apiKey, bool flushFirst)
    {
        var previous = entry.LastDrawn;
        var (endpoint, model, prompt, maxTokens) = entry.Need;
        var want = Math.Clamp(Math.Max(previous * 4, entry.Waiters + 1), 1, MaxWantRequests);
        return Task.Run(() => RefreshAsync(entry, apiKey, endpoint, model, prompt, maxTokens, want, flushFirst));
    }

    private async Task<LeaseResult> RefreshAsync(Entry entry, string apiKey, string endpoint, string model, long prompt, long? maxTokens, long want, bool flushFirst)
    {
        try
        {
            if (flushFirst)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _ledger.FlushAsync(timeout.Token).ConfigureAwait(false);
            }

            var result = await _ledger.LeaseAsync(apiKey, endpoint, model, prompt, maxTokens, want, _validity, _clock, CancellationToken.None).ConfigureAwait(false);
            lock (entry)
            {
                entry.Refresh = null;
                if (result.Grant is { } grant)
                {
                    Retire(entry);
                    entry.Current = grant;
                    entry.Denial = null;
                }
                else if (result.Denial is { Status: 401 } denial)
                {
                    Retire(entry);
                    entry.Denial = denial;
                    entry.DeniedUntil = _clock.GetUtcNow() + _validity;
                }
                else
                {
                    entry.NextBackground = _clock.GetUtcNow() + (_validity / 4);
                }
            }

            return result;
        }
        catch (Exception ex)
        {
            Log.ServerCallFailed(_logger, "lease", ex.Message);
            lock (entry)
            {
                entry.Refresh = null;
                entry.NextBackground = _clock.GetUtcNow() + (_validity / 4);
            }

            throw;
        }
    }

    /// <summary>Takes the current grant out of use and queues its unused part for return (caller holds the entry lock).</summary>
    private void Retire(Entry entry)
    {
        if (entry.Current is { } old)
        {
            entry.LastDrawn = old.DrawnRequests;
            entry.Current = null;
            _ledger.Enqueue(old.ToReturn());
        }
    }

    private Entry GetEntry(string apiKey)
    {
        var id = KeyId.Of(apiKey);
        if (_entries.TryGetValue(id, out var entry))
        {
            return entry;
        }

        if (_entries.Count >= SweepAbove)
        {
            Sweep();
        }

        return _entries.GetOrAdd(id, static _ => new Entry());
    }

    /// <summary>Forgets keys with no live grant (bounds memory against floods of unknown keys).</summary>
    private void Sweep()
    {
        var now = _clock.GetUtcNow();
        foreach (var (id, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.Refresh is null && entry.Waiters == 0 && (entry.Current is null || now >= entry.Current.ValidUntil))
                {
                    Retire(entry);
                    _entries.TryRemove(id, out _);
                }
            }
        }
    }

    private sealed class Entry
    {
        public Grant? Current { get; set; }

        public Task<LeaseResult>? Refresh { get; set; }

        public GatewayDenial? Denial { get; set; }

        public DateTimeOffset DeniedUntil { get; set; }

        public DateTimeOffset NextBackground { get; set; }

        public int Waiters { get; set; }

        /// <summary>Whether the refresh in flight returned the slice and flushed settlements first (its refusal is exact).</summary>
        public bool RefreshFlushed { get; set; }

        /// <summary>Requests the previous grant served: sizes the next slice.</summary>
        public long LastDrawn { get; set; }

        public (string Endpoint, string Model, long Prompt, long? MaxTokens) Need { get; set; } = ("chat", "", 0, null);
    }

    /// <summary>SHA-256 of a virtual key: the cache never holds the key itself.</summary>
    private readonly record struct KeyId(ulong A, ulong B, ulong C, ulong D)
    {
        public static KeyId Of(string apiKey)
        {
            Span<byte> hash = stackalloc byte[32];
            var max = Encoding.UTF8.GetMaxByteCount(apiKey.Length);
            byte[]? rented = null;
            var utf8 = max <= 512 ? stackalloc byte[512] : (rented = new byte[max]);
            var length = Encoding.UTF8.GetBytes(apiKey, utf8);
            SHA256.HashData(utf8[..length], hash);
            CryptographicOperations.ZeroMemory(utf8[..length]);
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(hash);
            return new KeyId(words[0], words[1], words[2], words[3]);
        }
    }
}
