using System.Text.Json.Nodes;

namespace Strongroom.Core.Policy;

/// <summary>
/// Vault's parameter constraints for a write: required parameters must be present; with data
/// present, a denied parameter (or "*" in denied_parameters) refuses the request, then, if
/// allowed_parameters is set, every parameter must be allowed (by name or "*") with an allowed
/// value. Denied wins over allowed. Request keys are matched lower-cased.
/// </summary>
internal static class ParameterCheck
{
    /// <summary>Null when the data satisfies the constraints; otherwise a reason naming the parameter (never its value).</summary>
    public static string? Check(AclPermissions permissions, JsonObject? data)
    {
        foreach (var required in permissions.RequiredParameters)
        {
            if (data is null || !data.ContainsKey(required.ToLowerInvariant()))
            {
                return $"required parameter \"{required}\" is missing";
            }
        }

        if (data is null || data.Count == 0)
        {
            return null;
        }

        var denied = permissions.DeniedParameters;
        if (denied is { Count: > 0 })
        {
            if (denied.ContainsKey("*"))
            {
                return "all parameters are denied on this path";
            }

            foreach (var (name, value) in data)
            {
                if (denied.TryGetValue(name.ToLowerInvariant(), out var list) && ParameterMatcher.InDeniedList(value, list))
                {
                    return $"parameter \"{name}\" is denied (or has a denied value)";
                }
            }
        }

        var allowed = permissions.AllowedParameters;
        if (allowed is null || allowed.Count == 0)
        {
            return null;
        }

        var allowedAll = allowed.ContainsKey("*");
        if (allowedAll && allowed.Count == 1)
        {
            return null;
        }

        foreach (var (name, value) in data)
        {
            if (!allowed.TryGetValue(name.ToLowerInvariant(), out var list))
            {
                if (!allowedAll)
                {
                    return $"parameter \"{name}\" is not allowed";
                }

                continue;
            }

            if (!ParameterMatcher.InAllowedList(value, list))
            {
                return $"parameter \"{name}\" has a value that is not allowed";
            }
        }

        return null;
    }
}
