namespace Strongroom.Engines.Kv;

/// <summary>
/// Striped per-key write locks: every mutation of one key (and its metadata) runs under the stripe
/// its path hashes to, so read-check-write sequences such as check-and-set are atomic per key.
/// </summary>
internal sealed class KeyLocks
{
    private readonly SemaphoreSlim[] _stripes;

    public KeyLocks(int stripes = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripes, 1);
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Waits for the stripe of <paramref name="key"/>; dispose the result to release it.</summary>
    public async ValueTask<Held> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Held(stripe);
    }

    /// <summary>A held stripe.</summary>
    internal sealed class Held : IDisposable
    {
        private SemaphoreSlim? _stripe;

        public Held(SemaphoreSlim stripe)
        {
            _stripe = stripe;
        }

        public void Dispose() => Interlocked.Exchange(ref _stripe, null)?.Release();
    }
}
