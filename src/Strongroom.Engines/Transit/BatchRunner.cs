using System.Text.Json.Nodes;
using Strongroom.Sdk;

namespace Strongroom.Engines.Transit;

/// <summary>
/// Vault's batch semantics, shared by encrypt, decrypt, rewrap, sign, verify and hmac: with
/// <c>batch_input</c> every item is processed independently and gets either its result or an
/// <c>error</c> in <c>batch_results</c> (in order, <c>reference</c> echoed); if any item failed
/// the status is 400 with the results still in the body, unless <c>partial_failure_response_code</c>
/// asks for a 2xx while at least one item succeeded. Without batch_input the body is the one
/// item and its error is a plain 400.
/// </summary>
internal static class BatchRunner
{
    /// <summary>The items to process: the batch_input objects, or the body itself.</summary>
    public static (List<JsonObject> Items, bool IsBatch) Items(JsonObject body)
    {
        switch (body["batch_input"])
        {
            case null:
                return ([body], false);
            case JsonArray array:
                var items = new List<JsonObject>(array.Count);
                foreach (var node in array)
                {
                    items.Add(node as JsonObject ?? throw new FieldException("batch_input", "a list of objects"));
                }

                if (items.Count == 0)
                {
                    throw new TransitUserException("missing batch input to process");
                }

                return (items, true);
            default:
                throw new FieldException("batch_input", "a list of objects");
        }
    }

    public static LogicalResponse Run(JsonObject body, List<JsonObject> items, bool isBatch, Func<JsonObject, JsonObject> process)
    {
        var results = new JsonArray();
        var failed = false;
        var succeeded = false;
        foreach (var item in items)
        {
            JsonObject result;
            try
            {
                result = process(item);
                succeeded = true;
            }
            catch (Exception e) when (e is TransitUserException or FieldException)
            {
                if (!isBatch)
                {
                    return LogicalResponse.BadRequest(e.Message);
                }

                result = new JsonObject { ["error"] = e.Message };
                failed = true;
            }

            if (isBatch && item.GetString("reference") is { } reference)
            {
                result["reference"] = reference;
            }

            results.Add(result);
        }

        if (!isBatch)
        {
            return LogicalResponse.Ok((JsonObject)results[0]!.DeepClone());
        }

        var data = new JsonObject { ["batch_results"] = results };
        if (!failed || (succeeded && body.GetInt("partial_failure_response_code") is >= 200 and < 300))
        {
            return LogicalResponse.Ok(data);
        }

        var response = LogicalResponse.Error(ErrorCode.BadRequest, "one or more batch items failed");
        response.Data = data;
        return response;
    }
}
