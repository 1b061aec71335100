using System.Text.Json.Nodes;
using Strongroom.Auth.Common;

namespace Strongroom.Auth.Kubernetes;

/// <summary>One Kubernetes role as stored under "role/&lt;name&gt;".</summary>
internal sealed class KubernetesRole
{
    public List<string> BoundServiceAccountNames { get; set; } = [];

    public List<string> BoundServiceAccountNamespaces { get; set; } = [];

    public string Audience { get; set; } = "";

    /// <summary>"serviceaccount_uid" (default) or "serviceaccount_name" ("namespace/name").</summary>
    public string AliasNameSource { get; set; } = "serviceaccount_uid";

    public TokenSettings Token { get; set; } = new();

    public JsonObject Describe()
    {
        var data = new JsonObject
        {
            ["bound_service_account_names"] = TokenSettings.ToArray(BoundServiceAccountNames),
            ["bound_service_account_namespaces"] = TokenSettings.ToArray(BoundServiceAccountNamespaces),
            ["audience"] = Audience,
            ["alias_name_source"] = AliasNameSource,
        };
        Token.WriteTo(data);
        return data;
    }
}
