using System.Text.Json.Nodes;

namespace Strongroom.Core.Policy;

/// <summary>
/// One <c>path "..." { ... }</c> stanza of a policy, parsed and validated. Parameter value
/// lists are detached JSON values (strings may carry a leading/trailing '*' glob); an empty list
/// means "any value". Parameter names are lower-cased, as Vault does.
/// </summary>
public sealed class PathRule
{
    /// <summary>The path as written (leading '/' removed), e.g. "secret/+/teamb/*".</summary>
    public required string Pattern { get; init; }

    /// <summary>
    /// The key used for matching: <see cref="Pattern"/> without its trailing '*' when
    /// <see cref="IsPrefix"/> and there are no '+' segments; otherwise the pattern itself.
    /// </summary>
    public required string MatchPath { get; init; }

    /// <summary>True when the pattern ends in '*' and has no '+' segment (a plain prefix rule).</summary>
    public bool IsPrefix { get; init; }

    /// <summary>True when the pattern has a '+' segment (matched segment by segment).</summary>
    public bool HasSegmentWildcards { get; init; }

    /// <summary>True when the path uses identity templating ({{...}}); such rules are not applied.</summary>
    public bool IsTemplated { get; init; }

    public AclCapabilities Capabilities { get; init; }

    /// <summary>Null when not set. Keys lower-cased; "*" allows any other key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>>? AllowedParameters { get; init; }

    /// <summary>Null when not set. Keys lower-cased; "*" denies every parameter.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>>? DeniedParameters { get; init; }

    public IReadOnlyList<string> RequiredParameters { get; init; } = [];

    /// <summary>Zero when not set.</summary>
    public TimeSpan MinWrappingTtl { get; init; }

    /// <summary>Zero when not set.</summary>
    public TimeSpan MaxWrappingTtl { get; init; }
}
