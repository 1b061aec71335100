using System.Text.Json.Nodes;
using Strongroom.Core.Pipeline;
using Strongroom.Sdk;

namespace Strongroom.Core.Sys;

/// <summary>Small constructors for sys/ responses.</summary>
internal static class SystemResponses
{
    public static CoreResponse Of(RequestContext context, LogicalResponse response, bool dataAtTopLevel = false) =>
        new() { Response = response, RequestId = context.Request.RequestId, MountType = "system", DataAtTopLevel = dataAtTopLevel };

    public static CoreResponse Ok(RequestContext context, JsonObject data, bool dataAtTopLevel = false) =>
        Of(context, LogicalResponse.Ok(data), dataAtTopLevel);

    public static CoreResponse NoContent(RequestContext context) => Of(context, LogicalResponse.NoContent());

    public static CoreResponse Bare(RequestContext context, JsonObject json, int status = 200) =>
        new() { Response = LogicalResponse.Ok(json), RequestId = context.Request.RequestId, BareJson = json, StatusCode = status, MountType = "system" };

    public static CoreResponse Error(RequestContext context, ErrorCode code, string message) =>
        Of(context, LogicalResponse.Error(code, message));

    public static CoreResponse Unsupported(RequestContext context) =>
        Of(context, LogicalResponse.Unsupported());

    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    public static long Seconds(TimeSpan value) => (long)value.TotalSeconds;
}
