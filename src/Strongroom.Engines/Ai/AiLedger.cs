using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Strongroom.Sdk;

namespace Strongroom.Engines.Ai;

/// <summary>
/// The in-memory, authoritative state of the ai mount in the active server: cached providers, roles
/// and prices, live virtual keys, in-flight reservations and rate windows. Every mutation of counters
/// happens under one lock (they are a few additions); storage writes happen after, serialised so the
/// last write carries the newest snapshot. Standby servers forward to the active one, so there is one
/// ledger per mount cluster-wide; a new active server reloads persisted usage from storage.
/// </summary>
internal sealed class AiLedger
{
    private static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(15);

    private readonly object _gate = new();
    private readonly SemaphoreSlim _persist = new(1, 1);
    private readonly IStorageView _storage;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, AiProvider> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AiRole> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyState> _byHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyState> _byAccessor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reservation> _reservations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoleDayState> _roleDays = new(StringComparer.Ordinal);
    private PricingTable? _pricing;
    private DateTimeOffset _lastSweep;

    public AiLedger(IStorageView storage, TimeProvider clock)
    {
        _storage = storage;
        _clock = clock;
    }

    public object Gate => _gate;

    public TimeProvider Clock => _clock;

    // ------------------------------------------------------------------ cached configuration

    public async ValueTask<AiProvider?> GetProviderAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_providers.TryGetValue(name, out var cached))
            {
                return cached;
            }
        }

        var loaded = await LoadAsync("providers/" + name, AiJsonContext.Default.AiProvider, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _providers.TryAdd(name, loaded) ? loaded : _providers[name];
        }
    }

    /// <summary>Replaces a provider (or removes it when null) in cache and storage.</summary>
    public async ValueTask PutProviderAsync(string name, AiProvider? provider, CancellationToken cancellationToken)
    {
        await _persist.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (provider is null)
            {
                await _storage.DeleteAsync("providers/" + name, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    _providers.Remove(name);
                }

                return;
            }

            byte[] bytes;
            lock (_gate)
            {
                _providers[name] = provider;
                bytes = JsonSerializer.SerializeToUtf8Bytes(provider, AiJsonContext.Default.AiProvider);
            }

            await _storage.PutAsync("providers/" + name, bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _persist.Release();
        }
    }

    public async ValueTask<AiRole?> GetRoleAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_roles.TryGetValue(name, out var cached))
            {
                return cached;
            }
        }

        var loaded = await LoadAsync("roles/" + name, AiJsonContext.Default.AiRole, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _roles.TryAdd(name, loaded) ? loaded : _roles[name];
        }
    }

    public async ValueTask PutRoleAsync(string name, AiRole? role, CancellationToken cancellationToken)
    {
        if (role is null)
        {
            await _storage.DeleteAsync("roles/" + name, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _storage.PutAsync("roles/" + name, JsonSerializer.SerializeToUtf8Bytes(role, AiJsonContext.Default.AiRole), cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (role is null)
            {
                _roles.Remove(name);
            }
            else
            {
                _roles[name] = role;
            }
        }
    }

    public async ValueTask<PricingTable> GetPricingAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _pricing) is { } cached)
        {
            return cached;
        }

        var loaded = await LoadAsync("config/pricing", AiJsonContext.Default.PricingTable, cancellationToken).ConfigureAwait(false) ?? new PricingTable();
        Interlocked.CompareExchange(ref _pricing, loaded, null);
        return _pricing!;
    }

    public async ValueTask PutPricingAsync(PricingTable table, CancellationToken cancellationToken)
    {
        await _storage.PutAsync("config/pricing", JsonSerializer.SerializeToUtf8Bytes(table, AiJsonContext.Default.PricingTable), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _pricing, table);
    }

    /// <summary>USD for the given tokens of a model, from the first matching glob (longest pattern first); 0 when unpriced.</summary>
    public static double Price(PricingTable table, string model, long promptTokens, long completionTokens)
    {
        foreach (var (pattern, price) in table.Prices.OrderByDescending(p => p.Key.Length))
        {
            if (ModelGlob.Matches(pattern, model))
            {
                return ((promptTokens * price.Input) + (completionTokens * price.Output)) / 1_000_000d;
            }
        }

        return 0;
    }

    // ------------------------------------------------------------------ virtual keys

    public static string HashKey(string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>Stores a new key and makes it live.</summary>
    public async ValueTask AddKeyAsync(VirtualKeyRecord record, CancellationToken cancellationToken)
    {
        await _storage.PutAsync("keys/" + record.Accessor, JsonSerializer.SerializeToUtf8Bytes(record, AiJsonContext.Default.VirtualKeyRecord), cancellationToken).ConfigureAwait(false);
        await _storage.PutAsync("hash/" + record.KeyHash, Encoding.UTF8.GetBytes(record.Accessor), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var state = new KeyState(record);
            _byHash[record.KeyHash] = state;
            _byAccessor[record.Accessor] = state;
        }
    }

    public async ValueTask<KeyState?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_byHash.TryGetValue(hash, out var state))
            {
                return state;
            }
        }

        var accessor = await _storage.GetAsync("hash/" + hash, cancellationToken).ConfigureAwait(false);
        return accessor is null ? null : await FindByAccessorAsync(Encoding.UTF8.GetString(accessor), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<KeyState?> FindByAccessorAsync(string accessor, CancellationToken cancellationToken)
    {
        if (!AiBackend.IsValidName(accessor))
        {
            return null;
        }

        lock (_gate)
        {
            if (_byAccessor.TryGetValue(accessor, out var state))
            {
                return state;
            }
        }

        var record = await LoadAsync("keys/" + accessor, AiJsonContext.Default.VirtualKeyRecord, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        lock (_gate)
        {
            if (!_byAccessor.TryGetValue(accessor, out var state))
            {
                state = new KeyState(record);
                _byAccessor[accessor] = state;
                _byHash[record.KeyHash] = state;
            }

            return state;
        }
    }

    /// <summary>Marks a key revoked: the next gateway request with it is refused.</summary>
    public async ValueTask RevokeAsync(string accessor, CancellationToken cancellationToken)
    {
        var state = await FindByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return;
        }

        lock (_gate)
        {
            state.Record.Revoked = true;
        }

        await PersistKeysAsync([state], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the current snapshot of each key's record.</summary>
    public async ValueTask PersistKeysAsync(IEnumerable<KeyState> states, CancellationToken cancellationToken)
    {
        await _persist.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var state in states.Distinct())
            {
                byte[] bytes;
                lock (_gate)
                {
                    bytes = JsonSerializer.SerializeToUtf8Bytes(state.Record, AiJsonContext.Default.VirtualKeyRecord);
                }

                await _storage.PutAsync("keys/" + state.Record.Accessor, bytes, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _persist.Release();
        }
    }

    public async ValueTask PersistRoleDaysAsync(IEnumerable<RoleDayState> days, CancellationToken cancellationToken)
    {
        await _persist.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var day in days.Distinct())
            {
                byte[] bytes;
                lock (_gate)
                {
                    bytes = JsonSerializer.SerializeToUtf8Bytes(day.Day, AiJsonContext.Default.RoleDayUsage);
                }

                await _storage.PutAsync($"usage/{day.Role}/{day.Day.Day}", bytes, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _persist.Release();
        }
    }

    /// <summary>The role's usage for today (loaded once per day from storage).</summary>
    public async ValueTask<RoleDayState> GetRoleDayAsync(string role, CancellationToken cancellationToken)
    {
        var today = _clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            if (_roleDays.TryGetValue(role, out var day) && day.Day.Day == today)
            {
                return day;
            }
        }

        var loaded = await LoadAsync($"usage/{role}/{today}", AiJsonContext.Default.RoleDayUsage, cancellationToken).ConfigureAwait(false)
            ?? new RoleDayUsage { Day = today };
        lock (_gate)
        {
            if (_roleDays.TryGetValue(role, out var day) && day.Day.Day == today)
            {
                return day;
            }

            var fresh = new RoleDayState(role, loaded);
            _roleDays[role] = fresh;
            return fresh;
        }
    }

    // ------------------------------------------------------------------ reservations

    public void AddReservation(Reservation reservation)
    {
        _reservations[reservation.Id] = reservation;
        reservation.Key.InFlight++;
    }

    /// <summary>Removes and returns a reservation (caller holds <see cref="Gate"/>).</summary>
    public Reservation? TakeReservation(string id) =>
        _reservations.Remove(id, out var reservation) ? reservation : null;

    public Reservation? PeekReservation(string id) => _reservations.GetValueOrDefault(id);

    public IEnumerable<Reservation> Reservations => _reservations.Values;

    public int InFlightFor(string accessor) => _byAccessor.TryGetValue(accessor, out var s) ? s.InFlight : 0;

    /// <summary>Reservations older than 15 minutes belong to a gateway that died: returns them for settling at their reserved amount.</summary>
    public List<Reservation> TakeAbandoned(DateTimeOffset now)
    {
        if (now - _lastSweep < TimeSpan.FromMinutes(1))
        {
            return [];
        }

        _lastSweep = now;
        var old = _reservations.Values.Where(r => now - r.Created > AbandonAfter).ToList();
        foreach (var r in old)
        {
            _reservations.Remove(r.Id);
        }

        return old;
    }

    public bool KeyInUse(string provider, string upstreamKeyId) =>
        _reservations.Values.Any(r => (r.Provider == provider && r.UpstreamKeyId == upstreamKeyId) || r.UpstreamKeys.Contains((provider, upstreamKeyId)));

    private async ValueTask<T?> LoadAsync<T>(string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await _storage.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize(bytes, type);
    }
}
