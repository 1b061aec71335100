using System.Security.Cryptography;
using System.Text;
using Strongroom.Core.Crypto;
using Strongroom.Core.Pipeline;

namespace Strongroom.Core.Tests.Crypto;

public sealed class AesGcmPoolTests
{
    private static readonly byte[] Aad = Encoding.UTF8.GetBytes("logical/secret/app");

    [Fact]
    public void PooledCipher_DecryptsWhatAFreshKeyEncrypted_AndIsReused()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var pool = new AesGcmPool(key);
        var plaintext = Encoding.UTF8.GetBytes("fake-value-for-pool-test");
        var envelope = AeadEnvelope.Encrypt(3, key, plaintext, Aad);

        var first = pool.Rent();
        Assert.Equal(plaintext, AeadEnvelope.Decrypt(envelope, first, Aad));
        pool.Return(first);
        var second = pool.Rent();

        Assert.Same(first, second);
        Assert.Equal(plaintext, AeadEnvelope.Decrypt(AeadEnvelope.Encrypt(3, second, plaintext, Aad), key, Aad));
        pool.Return(second);
    }

    [Fact]
    public async Task ConcurrentRenters_EachGetTheirOwnCipher()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var pool = new AesGcmPool(key);
        var plaintext = RandomNumberGenerator.GetBytes(300);
        var envelope = AeadEnvelope.Encrypt(1, key, plaintext, Aad);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var ok = true;
            for (var i = 0; i < 2000; i++)
            {
                var aes = pool.Rent();
                ok &= AeadEnvelope.Decrypt(envelope, aes, Aad).AsSpan().SequenceEqual(plaintext);
                pool.Return(aes);
            }

            return ok;
        })));

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Dispose_ThenRent_Throws()
    {
        var pool = new AesGcmPool(RandomNumberGenerator.GetBytes(32));
        pool.Return(pool.Rent());
        pool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }

    [Fact]
    public void RequestIds_AreDistinctVersion4Uuids()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RequestIds.New()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        });
    }
}
