using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Ai;

/// <summary>ai/providers/:name, ai/providers/:name/rotate and ai/providers/:name/keys.</summary>
internal sealed partial class AiBackend
{
    private static readonly Dictionary<string, string> DefaultBaseUrls = new(StringComparer.Ordinal)
    {
        ["openai"] = "https://api.openai.com",
        ["anthropic"] = "https://api.anthropic.com",
        ["mistral"] = "https://api.mistral.ai",
        ["gemini"] = "https://generativelanguage.googleapis.com/v1beta/openai",
        ["cohere"] = "https://api.cohere.ai/compatibility",
    };

    private async ValueTask<LogicalResponse> ProviderAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        if (!IsValidName(name))
        {
            return InvalidName("provider");
        }

        var existing = await _ledger.GetProviderAsync(name, cancellationToken).ConfigureAwait(false);
        switch (request.Operation)
        {
            case Operation.Read:
                return existing is null ? LogicalResponse.NotFound() : LogicalResponse.Ok(DescribeProvider(existing));
            case Operation.Delete:
                await _ledger.PutProviderAsync(name, null, cancellationToken).ConfigureAwait(false);
                return LogicalResponse.NoContent();
            case Operation.Create or Operation.Update:
                break;
            default:
                return LogicalResponse.Unsupported();
        }

        var data = request.Data;
        var provider = existing is null ? new AiProvider() : Clone(existing);
        var type = data.GetString("type");
        if (existing is null && type is null)
        {
            return LogicalResponse.BadRequest("missing type: one of " + string.Join(", ", ProviderTypes));
        }

        if (type is not null)
        {
            if (!ProviderTypes.Contains(type))
            {
                return LogicalResponse.BadRequest($"unknown provider type \"{type}\": one of " + string.Join(", ", ProviderTypes));
            }

            provider.Type = type;
        }

        if (data.GetString("base_url") is { } baseUrl)
        {
            provider.BaseUrl = baseUrl.TrimEnd('/');
        }

        if (provider.BaseUrl.Length == 0)
        {
            if (!DefaultBaseUrls.TryGetValue(provider.Type, out var fallback))
            {
                return LogicalResponse.BadRequest($"base_url is required for provider type \"{provider.Type}\"");
            }

            provider.BaseUrl = fallback;
        }

        if (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return LogicalResponse.BadRequest("base_url must be an absolute http or https URL");
        }

        provider.Headers = data.GetStringMap("headers") ?? provider.Headers;
        provider.Models = data.GetStringList("models") is { Count: > 0 } models ? models : provider.Models;
        if (data.GetDuration("max_key_age") is { } age)
        {
            if (age <= TimeSpan.Zero)
            {
                return LogicalResponse.BadRequest("max_key_age must be positive");
            }

            provider.MaxKeyAgeSeconds = Seconds(age);
        }

        var newKeys = new List<string>();
        if (data.GetString("api_key") is { Length: > 0 } single)
        {
            newKeys.Add(single);
        }

        newKeys.AddRange(data.GetStringList("api_keys") ?? []);
        if (existing is null && newKeys.Count == 0)
        {
            return LogicalResponse.BadRequest("missing api_key");
        }

        if (newKeys.Count > 0)
        {
            AddUpstreamKeys(provider, newKeys, retireOthers: true);
        }

        await _ledger.PutProviderAsync(name, provider, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.NoContent();
    }

    /// <summary>Adds a new upstream key; with <paramref name="retireOthers"/> the previous active keys retire once idle.</summary>
    private async ValueTask<LogicalResponse> RotateProviderAsync(LogicalRequest request, string name, bool retireOthers, CancellationToken cancellationToken)
    {
        if (!IsValidName(name))
        {
            return InvalidName("provider");
        }

        var existing = await _ledger.GetProviderAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return LogicalResponse.Error(ErrorCode.NotFound, $"no provider named \"{name}\"");
        }

        if (request.Data.GetString("api_key") is not { Length: > 0 } key)
        {
            return LogicalResponse.BadRequest("missing api_key");
        }

        var provider = Clone(existing);
        var added = AddUpstreamKeys(provider, [key], retireOthers);
        List<string> retired;
        lock (_ledger.Gate)
        {
            // Retiring keys that no in-flight request uses are dropped now; the rest when their last request settles.
            retired = provider.Keys.Where(k => k.State == "retiring" && !_ledger.KeyInUse(name, k.Id)).Select(k => k.Id).ToList();
            provider.Keys.RemoveAll(k => retired.Contains(k.Id));
        }

        await _ledger.PutProviderAsync(name, provider, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.Ok(new JsonObject
        {
            ["key_id"] = added[0],
            ["retired_key_ids"] = new JsonArray([.. retired.Select(r => (JsonNode)r)]),
            ["retiring_key_ids"] = new JsonArray([.. provider.Keys.Where(k => k.State == "retiring").Select(k => (JsonNode)k.Id)]),
        });
    }

    private List<string> AddUpstreamKeys(AiProvider provider, List<string> values, bool retireOthers)
    {
        if (retireOthers)
        {
            foreach (var old in provider.Keys.Where(k => k.State == "active"))
            {
                old.State = "retiring";
            }
        }

        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var ids = new List<string>();
        foreach (var value in values)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            provider.Keys.Insert(0, new UpstreamKey { Id = id, Value = value, CreatedUnix = now, State = "active" });
            ids.Add(id);
        }

        return ids;
    }

    private JsonObject DescribeProvider(AiProvider provider)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var headers = new JsonObject();
        foreach (var (k, v) in provider.Headers)
        {
            headers[k] = v;
        }

        return new JsonObject
        {
            ["type"] = provider.Type,
            ["base_url"] = provider.BaseUrl,
            ["headers"] = headers,
            ["models"] = new JsonArray([.. provider.Models.Select(m => (JsonNode)m)]),
            ["max_key_age"] = provider.MaxKeyAgeSeconds,
            ["keys"] = new JsonArray([.. provider.Keys.Select(k => (JsonNode)new JsonObject
            {
                ["id"] = k.Id,
                ["state"] = k.State,
                ["created"] = DateTimeOffset.FromUnixTimeSeconds(k.CreatedUnix).ToString("O", CultureInfo.InvariantCulture),
                ["age_seconds"] = now - k.CreatedUnix,
            })]),
        };
    }

    private static AiProvider Clone(AiProvider p) => new()
    {
        Type = p.Type,
        BaseUrl = p.BaseUrl,
        Headers = new Dictionary<string, string>(p.Headers, StringComparer.Ordinal),
        Models = [.. p.Models],
        MaxKeyAgeSeconds = p.MaxKeyAgeSeconds,
        Keys = [.. p.Keys.Select(k => new UpstreamKey { Id = k.Id, Value = k.Value, CreatedUnix = k.CreatedUnix, State = k.State })],
    };
}
