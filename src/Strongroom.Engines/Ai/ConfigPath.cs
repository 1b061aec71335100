using System.Globalization;
using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Ai;

/// <summary>ai/config/pricing (price table) and ai/rotation-report.</summary>
internal sealed partial class AiBackend
{
    private async ValueTask<LogicalResponse> PricingAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                var table = await _ledger.GetPricingAsync(cancellationToken).ConfigureAwait(false);
                var prices = new JsonObject();
                foreach (var (model, price) in table.Prices)
                {
                    prices[model] = new JsonObject { ["input"] = price.Input, ["output"] = price.Output };
                }

                return LogicalResponse.Ok(new JsonObject { ["prices"] = prices });
            case Operation.Create or Operation.Update:
                var given = request.Data.GetObject("prices") ?? throw new FieldException("prices", "an object of model glob to {input, output} USD per million tokens");
                var parsed = new PricingTable();
                foreach (var (model, node) in given)
                {
                    if (node is not JsonObject entry)
                    {
                        throw new FieldException("prices." + model, "an object {input, output}");
                    }

                    parsed.Prices[model] = new ModelPrice
                    {
                        Input = GetDouble(entry, "input") ?? 0,
                        Output = GetDouble(entry, "output") ?? 0,
                    };
                    if (parsed.Prices[model].Input < 0 || parsed.Prices[model].Output < 0)
                    {
                        return LogicalResponse.BadRequest("prices must not be negative");
                    }
                }

                await _ledger.PutPricingAsync(parsed, cancellationToken).ConfigureAwait(false);
                return LogicalResponse.NoContent();
            case Operation.Delete:
                await _ledger.PutPricingAsync(new PricingTable(), cancellationToken).ConfigureAwait(false);
                return LogicalResponse.NoContent();
            default:
                return LogicalResponse.Unsupported();
        }
    }

    /// <summary>Every upstream key older than its provider's max_key_age, or marked bad.</summary>
    private async ValueTask<LogicalResponse> RotationReportAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var rows = new JsonArray();
        var total = 0;
        foreach (var name in await _storage.ListAsync("providers/", cancellationToken).ConfigureAwait(false))
        {
            if (await _ledger.GetProviderAsync(name, cancellationToken).ConfigureAwait(false) is not { } provider)
            {
                continue;
            }

            foreach (var key in provider.Keys)
            {
                total++;
                var age = now - key.CreatedUnix;
                var overdue = age > provider.MaxKeyAgeSeconds;
                if (overdue || key.State == "bad")
                {
                    rows.Add(new JsonObject
                    {
                        ["provider"] = name,
                        ["key_id"] = key.Id,
                        ["state"] = key.State,
                        ["created"] = DateTimeOffset.FromUnixTimeSeconds(key.CreatedUnix).ToString("O", CultureInfo.InvariantCulture),
                        ["age_days"] = age / 86400,
                        ["max_key_age_days"] = provider.MaxKeyAgeSeconds / 86400,
                        ["reason"] = key.State == "bad" ? "rejected by the provider (401)" : "older than max_key_age",
                    });
                }
            }
        }

        return LogicalResponse.Ok(new JsonObject { ["keys"] = rows, ["keys_checked"] = total, ["needs_rotation"] = rows.Count });
    }
}
