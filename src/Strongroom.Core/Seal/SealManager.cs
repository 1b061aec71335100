using System.Security.Cryptography;
using System.Text.Json;
using Strongroom.Core.Barrier;
using Strongroom.Core.Crypto;

namespace Strongroom.Core.Seal;

/// <summary>
/// Shamir seal: initialisation (root key → shares), unseal progress (shares held in memory
/// only until the threshold is reached, then zeroed), seal. The root key never touches storage.
/// </summary>
public sealed class SealManager
{
    private const string ConfigRecord = "seal-config";
    private readonly ISecurityBarrier _barrier;
    private readonly object _gate = new();
    private readonly List<byte[]> _shares = [];
    private SealConfig? _config;
    private string _nonce = "";

    public SealManager(ISecurityBarrier barrier)
    {
        _barrier = barrier;
    }

    public SealConfig? Config => _config;

    public int Progress
    {
        get
        {
            lock (_gate)
            {
                return _shares.Count;
            }
        }
    }

    public string Nonce => _nonce;

    public async ValueTask<SealConfig?> LoadConfigAsync(CancellationToken cancellationToken)
    {
        var bytes = await _barrier.GetBootstrapAsync(ConfigRecord, cancellationToken).ConfigureAwait(false);
        _config = bytes is null ? null : JsonSerializer.Deserialize<SealConfig>(bytes);
        return _config;
    }

    /// <summary>
    /// Generates a root key, initialises the barrier with it and splits it into shares.
    /// Returns the root key (caller unseals with it once to finish set-up, then zeroes it).
    /// </summary>
    public async ValueTask<(byte[] RootKey, IReadOnlyList<byte[]> Shares)> InitializeAsync(int shares, int threshold, CancellationToken cancellationToken)
    {
        var rootKey = RandomNumberGenerator.GetBytes(32);
        IReadOnlyList<byte[]> parts = shares == 1 ? [rootKey.ToArray()] : ShamirSecretSharing.Split(rootKey, shares, threshold);
        await _barrier.InitializeAsync(rootKey, cancellationToken).ConfigureAwait(false);
        var config = new SealConfig { SecretShares = shares, SecretThreshold = threshold };
        await _barrier.PutBootstrapAsync(ConfigRecord, JsonSerializer.SerializeToUtf8Bytes(config), cancellationToken).ConfigureAwait(false);
        _config = config;
        return (rootKey, parts);
    }

    /// <summary>Adds one share; when the threshold is reached, combines and tries to unseal.</summary>
    public async ValueTask<UnsealOutcome> SubmitAsync(byte[] share, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        var config = _config;
        if (config is null)
        {
            return UnsealOutcome.NotInitialized;
        }

        if (!_barrier.IsSealed)
        {
            return UnsealOutcome.AlreadyUnsealed;
        }

        byte[][] collected;
        lock (_gate)
        {
            if (share.Length == 0 || share.Length > 256 || _shares.Any(s => CryptographicOperations.FixedTimeEquals(s, share)))
            {
                return UnsealOutcome.InvalidShare;
            }

            if (_shares.Count == 0)
            {
                _nonce = Guid.NewGuid().ToString();
            }

            _shares.Add(share.ToArray());
            if (_shares.Count < config.SecretThreshold)
            {
                return UnsealOutcome.Progress;
            }

            collected = [.. _shares];
            _shares.Clear();
            _nonce = "";
        }

        byte[]? rootKey = null;
        try
        {
            if (config.SecretThreshold == 1)
            {
                rootKey = collected[0].ToArray();
            }
            else
            {
                try
                {
                    rootKey = ShamirSecretSharing.Combine(collected);
                }
                catch (ArgumentException)
                {
                    return UnsealOutcome.InvalidShare;
                }
            }

            return await _barrier.UnsealAsync(rootKey, cancellationToken).ConfigureAwait(false)
                ? UnsealOutcome.Unsealed
                : UnsealOutcome.WrongKey;
        }
        finally
        {
            if (rootKey is not null)
            {
                CryptographicOperations.ZeroMemory(rootKey);
            }

            foreach (var s in collected)
            {
                CryptographicOperations.ZeroMemory(s);
            }
        }
    }

    /// <summary>Discards unseal progress (zeroing held shares).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            foreach (var s in _shares)
            {
                CryptographicOperations.ZeroMemory(s);
            }

            _shares.Clear();
            _nonce = "";
        }
    }
}
