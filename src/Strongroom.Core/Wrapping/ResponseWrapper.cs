using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Core.Tokens;
using Strongroom.Sdk;

namespace Strongroom.Core.Wrapping;

/// <summary>
/// Response wrapping: the response is stored in the cubbyhole of a new single-use token and the
/// client receives only wrap_info. Unwrapping consumes the token exactly once.
/// </summary>
public sealed class ResponseWrapper
{
    public const string Policy = "response-wrapping";
    private const string CubbyKey = "response";
    private readonly StrongroomCore _core;

    public ResponseWrapper(StrongroomCore core)
    {
        _core = core;
    }

    /// <summary>Wraps <paramref name="response"/> (already built) and returns the wrapped response.</summary>
    public async ValueTask<CoreResponse> WrapAsync(CoreResponse response, TimeSpan ttl, string creationPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var (token, entry) = await _core.Tokens.CreateAsync(
            new TokenCreateRequest
            {
                Policies = [Policy],
                DisplayName = "response-wrapping",
                Ttl = ttl,
                ExplicitMaxTtl = ttl,
                NumUses = 1,
                Renewable = false,
                Orphan = true,
                Path = creationPath,
                Meta = new Dictionary<string, string> { ["creation_path"] = creationPath },
            },
            cancellationToken).ConfigureAwait(false);

        var envelope = System.Text.Encoding.UTF8.GetString(ResponseEnvelope.Serialize(response));
        var stored = await CubbyholeAsync(entry, Operation.Create, new JsonObject { [CubbyKey] = envelope }, cancellationToken).ConfigureAwait(false);
        if (stored.IsError)
        {
            await _core.Tokens.RevokeTreeAsync(entry, cancellationToken).ConfigureAwait(false);
            return CoreResponse.Error(ErrorCode.Internal, response.RequestId, "failed to store the wrapped response");
        }

        var wrapInfo = new JsonObject
        {
            ["token"] = token,
            ["accessor"] = entry.Accessor,
            ["ttl"] = (long)ttl.TotalSeconds,
            ["creation_time"] = entry.CreationTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
            ["creation_path"] = creationPath,
        };
        if (response.Auth?["accessor"] is JsonValue wrappedAccessor)
        {
            wrapInfo["wrapped_accessor"] = wrappedAccessor.GetValue<string>();
        }

        return new CoreResponse { Response = LogicalResponse.NoContent(), RequestId = response.RequestId, WrapInfo = wrapInfo, MountType = response.MountType };
    }

    /// <summary>Looks up a wrapping token without consuming it.</summary>
    public async ValueTask<TokenEntry?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var entry = await _core.Tokens.LookupAsync(token, cancellationToken).ConfigureAwait(false);
        return entry is not null && entry.NumUses >= 0 && entry.Policies is [Policy] ? entry : null;
    }

    /// <summary>Consumes the wrapping token and returns the stored envelope, or null when it is invalid or already used.</summary>
    public async ValueTask<JsonObject?> UnwrapAsync(string? token, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(token, cancellationToken).ConfigureAwait(false);
        if (entry is null || !await _core.Tokens.UseAsync(entry, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            var read = await CubbyholeAsync(entry, Operation.Read, new JsonObject(), cancellationToken).ConfigureAwait(false);
            var text = read.Data?[CubbyKey]?.GetValue<string>();
            return text is null ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            await _core.Tokens.RevokeTreeAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<LogicalResponse> CubbyholeAsync(TokenEntry entry, Operation operation, JsonObject data, CancellationToken cancellationToken)
    {
        var mount = _core.Mounts.Route("cubbyhole/" + CubbyKey)
            ?? throw new InvalidOperationException("the cubbyhole mount is missing");
        return await mount.Mount.Backend.HandleAsync(
            new LogicalRequest { Operation = operation, Path = CubbyKey, MountPoint = "cubbyhole/", Data = data, TokenScope = entry.Scope },
            cancellationToken).ConfigureAwait(false);
    }
}
