using System.Security.Cryptography;
using Strongroom.Core.Auditing;
using Strongroom.Core.Barrier;
using Strongroom.Core.Ha;
using Strongroom.Core.Identity;
using Strongroom.Core.Leases;
using Strongroom.Core.Pipeline;
using Strongroom.Core.Policy;
using Strongroom.Core.Routing;
using Strongroom.Core.Seal;
using Strongroom.Core.Storage;
using Strongroom.Core.Sys;
using Strongroom.Core.Tokens;
using Strongroom.Core.Wrapping;
using Strongroom.Sdk;

namespace Strongroom.Core;

/// <summary>
/// The composition root of a server node: physical storage → barrier → (on unseal) mount table,
/// token store, policy store → request pipeline. Sealing tears the unsealed services down.
/// </summary>
public sealed class StrongroomCore : IAsyncDisposable
{
    private readonly IPhysicalBackend _physical;
    private readonly IReadOnlyList<IBackendFactory> _factories;
    private readonly SemaphoreSlim _stateLock = new(1, 1);
    private ITimer? _tidyTimer;
    private ITimer? _leaseTimer;
    private volatile bool _ready;
    private HaCoordinator? _ha;

    public StrongroomCore(CoreOptions options, IPhysicalBackend physical, TimeProvider clock, IEnumerable<IBackendFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _physical = physical;
        Clock = clock;
        _factories = factories.ToList();
        HaLock = (physical as IHaStorage)?.HaLock;
        Barrier = new AesGcmBarrier(physical, clock);
        Seal = new SealManager(Barrier);
        var root = new BarrierStorageView(Barrier, "");
        Mounts = new MountTable(root, clock, _factories, () => new MountTtls(options.DefaultLeaseTtl, options.MaxLeaseTtl));
        Tokens = new TokenStore(root.Scoped("sys/token/"), clock);
        Policies = new PolicyStore(root.Scoped("sys/policy/"));
        Identity = new IdentityStore(root.Scoped("sys/identity/"), clock);
        Leases = new ExpirationManager(root.Scoped("sys/expire/"), clock, mount => Mounts.Mounts.FirstOrDefault(m => m.FullPath == mount));
        Tokens.Revoked += OnTokenRevokedAsync;
        SystemHandler = new SystemHandler(this);
        TokenHandler = new TokenHandler(this);
        IdentityHandler = new IdentityHandler(this);
        Wrapper = new ResponseWrapper(this);
        Auditing = new AuditService(this, root.Scoped("sys/audit/"), options.AlertConfig);
        Pipeline = new RequestPipeline(this);
    }

    public CoreOptions Options { get; }

    /// <summary>The HA lock when the storage runs in HA mode (PostgreSQL ha_enabled), else null.</summary>
    public IHaLock? HaLock { get; }

    /// <summary>This node's API address as other nodes should reach it (set by the host once it listens).</summary>
    public string ApiAddr { get; set; } = "";

    /// <summary>The HA coordinator while this HA node is unsealed, else null.</summary>
    public HaCoordinator? Ha => _ha;

    /// <summary>An unsealed HA node that is not (yet) the active node: it serves nothing itself, the host forwards.</summary>
    public bool IsStandby => HaLock is not null && !Barrier.IsSealed && !(_ready && _ha is { HoldsFreshLock: true });

    public TimeProvider Clock { get; }

    public ISecurityBarrier Barrier { get; }

    public SealManager Seal { get; }

    public MountTable Mounts { get; }

    public TokenStore Tokens { get; }

    public PolicyStore Policies { get; }

    public IdentityStore Identity { get; }

    public ExpirationManager Leases { get; }

    public SystemHandler SystemHandler { get; }

    public IdentityHandler IdentityHandler { get; }

    public ResponseWrapper Wrapper { get; }

    public TokenHandler TokenHandler { get; }

    public RequestPipeline Pipeline { get; }

    /// <summary>The broker the pipeline records through (the audit service once unsealed).</summary>
    public IAuditBroker Audit => _ready ? Auditing : NullAuditBroker.Instance;

    public AuditService Auditing { get; }

    /// <summary>True until the barrier is open and the unsealed services are loaded.</summary>
    public bool IsSealed => Barrier.IsSealed || (!_ready && HaLock is null);

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) => Barrier.IsInitializedAsync(cancellationToken);

    /// <summary>Loads the public seal configuration; call once at start-up.</summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken = default) =>
        await Seal.LoadConfigAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Initialises a new server: root key split into shares, keyring, built-in mounts and
    /// policies, and the initial root token. Leaves the server sealed, like Vault.
    /// </summary>
    public async ValueTask<InitResult> InitializeAsync(int shares, int threshold, string? rootTokenId = null, CancellationToken cancellationToken = default)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (rootKey, parts) = await Seal.InitializeAsync(shares, threshold, cancellationToken).ConfigureAwait(false);
            try
            {
                if (!await Barrier.UnsealAsync(rootKey, cancellationToken).ConfigureAwait(false))
                {
                    throw new CryptographicException("barrier did not accept its own root key");
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(rootKey);
            }

            await LoadUnsealedAsync(cancellationToken).ConfigureAwait(false);
            await Mounts.MountAsync(new MountEntry { Path = "cubbyhole/", Type = "cubbyhole", Description = "per-token private secret storage", BuiltIn = true }, BackendKind.SecretsEngine, cancellationToken).ConfigureAwait(false);
            var (token, _) = await Tokens.CreateAsync(
                new TokenCreateRequest { Id = rootTokenId, Policies = ["root"], DisplayName = "root", NoExpiry = true, Orphan = true, Path = "auth/token/root", Renewable = false },
                cancellationToken).ConfigureAwait(false);
            await UnloadUnsealedAsync().ConfigureAwait(false);
            Barrier.Seal();
            return new InitResult(parts, token);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>Submits one unseal key share.</summary>
    public async ValueTask<UnsealOutcome> UnsealAsync(byte[] share, CancellationToken cancellationToken = default)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Seal.Config is null)
            {
                // Another node (sharing this storage) may have initialised it since start-up.
                await Seal.LoadConfigAsync(cancellationToken).ConfigureAwait(false);
            }

            var outcome = await Seal.SubmitAsync(share, cancellationToken).ConfigureAwait(false);
            if (outcome == UnsealOutcome.Unsealed)
            {
                if (HaLock is null)
                {
                    await LoadUnsealedAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // HA: from now on every write is fenced on the lock; services load when this node becomes active.
                    HaLock.FenceWrites = true;
                    _ha ??= new HaCoordinator(HaLock, () => ApiAddr, ActivateAsync, DeactivateAsync, Clock);
                }
            }

            return outcome;
        }
        finally
        {
            _stateLock.Release();
        }
    }

    public async ValueTask SealAsync(CancellationToken cancellationToken = default)
    {
        await StopHaAsync().ConfigureAwait(false);
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await UnloadUnsealedAsync().ConfigureAwait(false);
            Barrier.Seal();
            Seal.Reset();
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>
    /// Dev mode: in-memory, one key share, unsealed, `secret/` as kv-v2, root token with the
    /// given id. Returns the unseal key and root token for printing.
    /// </summary>
    public async ValueTask<InitResult> StartDevAsync(string? rootTokenId, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var init = await InitializeAsync(1, 1, rootTokenId, cancellationToken).ConfigureAwait(false);
        if (await UnsealAsync(init.KeyShares[0].ToArray(), cancellationToken).ConfigureAwait(false) != UnsealOutcome.Unsealed)
        {
            throw new InvalidOperationException("dev server failed to unseal");
        }

        var error = await Mounts.MountAsync(
            new MountEntry { Path = "secret/", Type = "kv", Description = "key/value secret storage", Options = new() { ["version"] = "2" } },
            BackendKind.SecretsEngine,
            cancellationToken).ConfigureAwait(false);
        return error is null ? init : throw new InvalidOperationException(error);
    }

    /// <summary>Every physical entry (barrier-encrypted), read consistently: the content of a storage snapshot.</summary>
    public ValueTask<IReadOnlyList<PhysicalEntry>> ExportStorageAsync(CancellationToken cancellationToken = default) =>
        _physical.ExportAsync(cancellationToken);

    /// <summary>
    /// Replaces the whole storage with a snapshot (one transaction where the backend has them) and
    /// seals this node: the snapshot brings its own keyring and seal configuration, so the node is
    /// unsealed again with the snapshot's key shares and reloads everything from the restored data.
    /// </summary>
    public async ValueTask RestoreStorageAsync(IReadOnlyList<PhysicalEntry> entries, CancellationToken cancellationToken = default)
    {
        // Fenced like every write: only the active node can restore; then it steps down and seals.
        await _physical.ReplaceAllAsync(entries, cancellationToken).ConfigureAwait(false);
        await StopHaAsync().ConfigureAwait(false);
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await UnloadUnsealedAsync().ConfigureAwait(false);
            Barrier.Seal();
            Seal.Reset();
            await Seal.LoadConfigAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>Registers a lease for a dynamic secret returned by a backend; returns the lease id.</summary>
    internal async ValueTask<string> RegisterLeaseAsync(MountedBackend mount, string path, SecretLease secret, TimeSpan ttl, TokenEntry? token, CancellationToken cancellationToken)
    {
        var ttls = Mounts.EffectiveTtls(mount.Entry);
        var max = secret.MaxTtl > TimeSpan.Zero && secret.MaxTtl < ttls.Max ? secret.MaxTtl : ttls.Max;
        var lease = await Leases.RegisterAsync(mount.FullPath + path, mount.FullPath, secret, ttl, max, token?.IdHash, cancellationToken).ConfigureAwait(false);
        return lease.LeaseId;
    }

    public async ValueTask DisposeAsync()
    {
        await StopHaAsync().ConfigureAwait(false);
        await UnloadUnsealedAsync().ConfigureAwait(false);
        Barrier.Seal();
        (Barrier as IDisposable)?.Dispose();
        await _physical.DisposeAsync().ConfigureAwait(false);
        _stateLock.Dispose();
    }

    private async ValueTask ActivateAsync(CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Barrier.IsSealed && !_ready)
            {
                // Promotion: everything cached is (re)loaded from storage, so no stale mount table or policy survives.
                await LoadUnsealedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _stateLock.Release();
        }
    }

    private async ValueTask DeactivateAsync()
    {
        await _stateLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await UnloadUnsealedAsync().ConfigureAwait(false);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    private async ValueTask StopHaAsync()
    {
        var ha = Interlocked.Exchange(ref _ha, null);
        if (ha is not null)
        {
            await ha.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask LoadUnsealedAsync(CancellationToken cancellationToken)
    {
        await Tokens.LoadAsync(cancellationToken).ConfigureAwait(false);
        await Policies.EnsureDefaultsAsync(cancellationToken).ConfigureAwait(false);
        await Mounts.LoadAsync(cancellationToken).ConfigureAwait(false);
        await Leases.LoadAsync(cancellationToken).ConfigureAwait(false);
        await Auditing.LoadAsync(cancellationToken).ConfigureAwait(false);
        _tidyTimer = Clock.CreateTimer(_ => _ = TidyAsync(), null, Options.TidyInterval, Options.TidyInterval);
        _leaseTimer = Clock.CreateTimer(_ => _ = TickLeasesAsync(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        _ready = true;
    }

    private async ValueTask UnloadUnsealedAsync()
    {
        _ready = false;
        await Auditing.UnloadAsync().ConfigureAwait(false);
        _tidyTimer?.Dispose();
        _tidyTimer = null;
        _leaseTimer?.Dispose();
        _leaseTimer = null;
        Leases.Unload();
        await Mounts.UnloadAsync().ConfigureAwait(false);
        Tokens.Unload();
    }

    private async Task TidyAsync()
    {
        if (IsSealed)
        {
            return;
        }

        try
        {
            await Tokens.TidyExpiredAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (BarrierSealedException)
        {
            // sealed while tidying: nothing to do
        }
        catch (StorageUnavailableException)
        {
            // storage down: the next sweep retries
        }
    }

    private async Task TickLeasesAsync()
    {
        if (IsSealed)
        {
            return;
        }

        try
        {
            await Leases.TickAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageUnavailableException)
        {
            // storage down: the next tick retries; leases are never dropped
        }
    }

    private async ValueTask OnTokenRevokedAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        await Leases.RevokeForTokenAsync(entry.IdHash, cancellationToken).ConfigureAwait(false);
        foreach (var mount in Mounts.Mounts)
        {
            await mount.Backend.TokenRevokedAsync(entry.Scope, cancellationToken).ConfigureAwait(false);
        }
    }
}
