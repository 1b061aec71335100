using System.Text.Json;
using Strongroom.Sdk;

namespace Strongroom.Core.Routing;

/// <summary>
/// The router: the table of mounted secrets engines and auth methods, persisted behind the
/// barrier, resolving a request path to (backend, relative path) by longest prefix.
/// Each mount gets a storage view rooted at its own uuid; nothing else reaches it.
/// </summary>
public sealed class MountTable
{
    private const string SecretsTableKey = "core/mounts";
    private const string AuthTableKey = "core/auth";

    private readonly IStorageView _root;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, IBackendFactory> _factories;
    private readonly Func<MountTtls> _systemTtls;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile MountedBackend[] _mounts = [];

    public MountTable(IStorageView root, TimeProvider clock, IEnumerable<IBackendFactory> factories, Func<MountTtls> systemTtls)
    {
        _root = root;
        _clock = clock;
        _factories = factories.ToDictionary(f => f.Type, StringComparer.Ordinal);
        _systemTtls = systemTtls;
    }

    public IReadOnlyList<MountedBackend> Mounts => _mounts;

    public bool HasFactory(string type, BackendKind kind) => _factories.TryGetValue(type, out var f) && f.Kind == kind;

    /// <summary>Loads both tables from storage and instantiates every backend.</summary>
    public async ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        var mounts = new List<MountedBackend>();
        foreach (var (key, kind) in new[] { (SecretsTableKey, BackendKind.SecretsEngine), (AuthTableKey, BackendKind.AuthMethod) })
        {
            var bytes = await _root.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var entries = bytes is null ? [] : JsonSerializer.Deserialize<List<MountEntry>>(bytes) ?? [];
            foreach (var entry in entries)
            {
                if (_factories.TryGetValue(entry.Type, out var factory))
                {
                    mounts.Add(new MountedBackend(entry, factory.Create(ContextFor(entry, kind)), kind));
                }
            }
        }

        _mounts = Sort(mounts);
    }

    public void Unload() => _mounts = [];

    /// <summary>Unloads every mount and disposes the backends that hold resources (connection pools, timers).</summary>
    public async ValueTask UnloadAsync()
    {
        var mounts = _mounts;
        _mounts = [];
        foreach (var mount in mounts)
        {
            await DisposeBackendAsync(mount).ConfigureAwait(false);
        }
    }

    /// <summary>Resolves a full request path ("secret/data/x", "auth/approle/login").</summary>
    public RouteMatch? Route(string path)
    {
        foreach (var mount in _mounts)
        {
            var prefix = mount.FullPath;
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new RouteMatch(mount, path[prefix.Length..]);
            }

            if (path.Length == prefix.Length - 1 && prefix.StartsWith(path, StringComparison.Ordinal))
            {
                return new RouteMatch(mount, "");
            }
        }

        return null;
    }

    public MountedBackend? Find(string path, BackendKind kind)
    {
        var normalized = Normalize(path);
        return _mounts.FirstOrDefault(m => m.Kind == kind && m.Entry.Path == normalized);
    }

    /// <summary>Mounts a new backend. Returns an error message, or null on success.</summary>
    public async ValueTask<string?> MountAsync(MountEntry entry, BackendKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Path = Normalize(entry.Path);
        if (!StorageKey.IsValid(entry.Path, allowTrailingSlash: true) || entry.Path.Length < 2)
        {
            return "invalid mount path";
        }

        if (!_factories.TryGetValue(entry.Type, out var factory) || factory.Kind != kind)
        {
            return kind == BackendKind.AuthMethod
                ? $"unknown auth method type: {entry.Type}"
                : $"plugin not found in the catalog: {entry.Type}";
        }

        var full = kind == BackendKind.AuthMethod ? "auth/" + entry.Path : entry.Path;
        if (kind == BackendKind.SecretsEngine && !entry.BuiltIn && IsReserved(full))
        {
            return $"cannot mount at reserved path \"{entry.Path}\"";
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var existing in _mounts)
            {
                var other = existing.FullPath;
                if (full.StartsWith(other, StringComparison.Ordinal) || other.StartsWith(full, StringComparison.Ordinal))
                {
                    return $"path is already in use at {other}";
                }
            }

            entry.Uuid = string.IsNullOrEmpty(entry.Uuid) ? Guid.NewGuid().ToString() : entry.Uuid;
            entry.Accessor = string.IsNullOrEmpty(entry.Accessor)
                ? $"{(kind == BackendKind.AuthMethod ? "auth" : "")}{(kind == BackendKind.AuthMethod ? "_" : "")}{entry.Type}_{entry.Uuid[..8]}"
                : entry.Accessor;
            var mounted = new MountedBackend(entry, factory.Create(ContextFor(entry, kind)), kind);
            var next = _mounts.Append(mounted).ToList();
            await PersistAsync(next, cancellationToken).ConfigureAwait(false);
            _mounts = Sort(next);
            return null;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Unmounts and deletes all the mount's data. Returns false if nothing was mounted there.</summary>
    public async ValueTask<bool> UnmountAsync(string path, BackendKind kind, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        MountedBackend? mount;
        try
        {
            mount = Find(path, kind);
            if (mount is null)
            {
                return false;
            }

            var next = _mounts.Where(m => !ReferenceEquals(m, mount)).ToList();
            await PersistAsync(next, cancellationToken).ConfigureAwait(false);
            _mounts = Sort(next);
        }
        finally
        {
            _lock.Release();
        }

        await DisposeBackendAsync(mount).ConfigureAwait(false);
        await StorageViews.DeleteAllAsync(ViewFor(mount.Entry, kind), "", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async ValueTask DisposeBackendAsync(MountedBackend mount)
    {
        if (mount.Backend is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (mount.Backend is IDisposable sync)
        {
            sync.Dispose();
        }
    }

    /// <summary>Persists a changed entry (tune).</summary>
    public async ValueTask SaveAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PersistAsync(_mounts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The effective TTLs of a mount: its own when set, else the system's.</summary>
    public MountTtls EffectiveTtls(MountEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var system = _systemTtls();
        var max = entry.MaxLeaseTtl > TimeSpan.Zero ? entry.MaxLeaseTtl : system.Max;
        var def = entry.DefaultLeaseTtl > TimeSpan.Zero ? entry.DefaultLeaseTtl : system.Default;
        return new MountTtls(def > max ? max : def, max);
    }

    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = path.Trim('/');
        return path.Length == 0 ? "" : path + "/";
    }

    private static bool IsReserved(string fullPath) =>
        fullPath.StartsWith("sys/", StringComparison.Ordinal)
        || fullPath.StartsWith("auth/", StringComparison.Ordinal)
        || fullPath.StartsWith("cubbyhole/", StringComparison.Ordinal)
        || fullPath.StartsWith("identity/", StringComparison.Ordinal);

    private MountContext ContextFor(MountEntry entry, BackendKind kind) => new()
    {
        Storage = ViewFor(entry, kind),
        Clock = _clock,
        MountPoint = kind == BackendKind.AuthMethod ? "auth/" + entry.Path : entry.Path,
        Options = entry.Options,
        Ttls = () => EffectiveTtls(entry),
    };

    private IStorageView ViewFor(MountEntry entry, BackendKind kind) =>
        _root.Scoped((kind == BackendKind.AuthMethod ? "auth/" : "logical/") + entry.Uuid + "/");

    private async ValueTask PersistAsync(IEnumerable<MountedBackend> mounts, CancellationToken cancellationToken)
    {
        var list = mounts.ToList();
        var secrets = list.Where(m => m.Kind == BackendKind.SecretsEngine).Select(m => m.Entry).ToList();
        var auth = list.Where(m => m.Kind == BackendKind.AuthMethod).Select(m => m.Entry).ToList();
        await _root.PutAsync(SecretsTableKey, JsonSerializer.SerializeToUtf8Bytes(secrets), cancellationToken).ConfigureAwait(false);
        await _root.PutAsync(AuthTableKey, JsonSerializer.SerializeToUtf8Bytes(auth), cancellationToken).ConfigureAwait(false);
    }

    private static MountedBackend[] Sort(IEnumerable<MountedBackend> mounts) =>
        mounts.OrderByDescending(m => m.FullPath.Length).ThenBy(m => m.FullPath, StringComparer.Ordinal).ToArray();
}
