using Strongroom.Core.Policy;
using Strongroom.Core.Tokens;
using Strongroom.Sdk;

namespace Strongroom.Core.Pipeline;

/// <summary>Per-request state built up by the pipeline and seen by core handlers (sys/, auth/token/).</summary>
public sealed class RequestContext
{
    public required CoreRequest Request { get; init; }

    /// <summary>The full request path (after /v1/, trailing slash removed except for list prefixes).</summary>
    public required string Path { get; init; }

    public Operation Operation { get; set; }

    /// <summary>The caller's token entry; null for unauthenticated paths.</summary>
    public TokenEntry? Token { get; set; }

    /// <summary>The caller's ACL; null for unauthenticated paths.</summary>
    public Acl? Acl { get; set; }

    /// <summary>The mount type that served the request ("kv", "system", "token").</summary>
    public string MountType { get; set; } = "";

    public string MountAccessor { get; set; } = "";

    public string MountPoint { get; set; } = "";

    public Dictionary<string, string> Query => (Dictionary<string, string>)Request.Query;

    public override string ToString() => $"{Operation} {Path}";
}
