using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Transit;

/// <summary><c>sign/:name(/:hash_algorithm)</c>, <c>verify/:name(/:hash_algorithm)</c> and <c>hmac/:name(/:algorithm)</c>.</summary>
internal sealed class SignPaths
{
    private readonly TransitKeyStore _store;

    public SignPaths(TransitKeyStore store)
    {
        _store = store;
    }

    public async ValueTask<LogicalResponse> SignAsync(JsonObject body, string name, string? urlAlgorithm, CancellationToken cancellationToken)
    {
        var (items, isBatch) = BatchRunner.Items(body);
        var options = Options(body, urlAlgorithm);
        var version = EncryptPaths.KeyVersion(body);
        if (await _store.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return LogicalResponse.BadRequest("signing key not found");
        }

        if (!key.Type.SupportsSigning())
        {
            return LogicalResponse.BadRequest($"key type {key.TypeName} does not support signing");
        }

        return BatchRunner.Run(body, items, isBatch, item =>
        {
            var input = TransitCrypto.DecodeBase64(item.GetString("input"), "input");
            var (signature, used) = TransitSigner.Sign(key, version, input, options);
            return new JsonObject { ["signature"] = signature, ["key_version"] = used };
        });
    }

    public async ValueTask<LogicalResponse> VerifyAsync(JsonObject body, string name, string? urlAlgorithm, CancellationToken cancellationToken)
    {
        var (items, isBatch) = BatchRunner.Items(body);
        var options = Options(body, urlAlgorithm);
        var hmacAlgorithm = TransitHash.Parse(urlAlgorithm ?? body.GetString("algorithm") ?? body.GetString("hash_algorithm"));
        if (await _store.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return LogicalResponse.BadRequest("signature verification key not found");
        }

        return BatchRunner.Run(body, items, isBatch, item =>
        {
            var signature = item.GetString("signature");
            var hmac = item.GetString("hmac");
            if ((signature is null) == (hmac is null))
            {
                throw new TransitUserException("provide one of 'signature' or 'hmac'");
            }

            var input = TransitCrypto.DecodeBase64(item.GetString("input"), "input");
            var valid = hmac is not null
                ? TransitSigner.VerifyHmac(key, input, hmac, hmacAlgorithm)
                : TransitSigner.Verify(key, input, signature!, options);
            return new JsonObject { ["valid"] = valid };
        });
    }

    public async ValueTask<LogicalResponse> HmacAsync(JsonObject body, string name, string? urlAlgorithm, CancellationToken cancellationToken)
    {
        var (items, isBatch) = BatchRunner.Items(body);
        var algorithm = TransitHash.Parse(urlAlgorithm ?? body.GetString("algorithm"));
        var version = EncryptPaths.KeyVersion(body);
        if (await _store.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return LogicalResponse.BadRequest("HMAC key not found");
        }

        return BatchRunner.Run(body, items, isBatch, item =>
        {
            var input = TransitCrypto.DecodeBase64(item.GetString("input"), "input");
            var (hmac, used) = TransitSigner.Hmac(key, version, input, algorithm);
            return new JsonObject { ["hmac"] = hmac, ["key_version"] = used };
        });
    }

    private static SignOptions Options(JsonObject body, string? urlAlgorithm)
    {
        var hash = TransitHash.Parse(urlAlgorithm ?? body.GetString("hash_algorithm") ?? body.GetString("algorithm"));
        var signatureAlgorithm = body.GetString("signature_algorithm") ?? "pss";
        if (signatureAlgorithm is not ("pss" or "pkcs1v15"))
        {
            throw new TransitUserException($"unsupported signature algorithm {signatureAlgorithm}");
        }

        var marshaling = body.GetString("marshaling_algorithm") ?? "asn1";
        if (marshaling is not ("asn1" or "jws"))
        {
            throw new TransitUserException($"unsupported marshaling algorithm {marshaling}");
        }

        var saltLength = body.GetString("salt_length") ?? "auto";
        if (saltLength is not ("auto" or "hash"))
        {
            throw new TransitUserException("salt_length: only \"auto\" and \"hash\" (salt as long as the hash) are supported");
        }

        return new SignOptions(hash, body.GetBool("prehashed") ?? false, signatureAlgorithm == "pkcs1v15", marshaling == "jws");
    }
}
