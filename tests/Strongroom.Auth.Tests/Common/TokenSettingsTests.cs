using System.Text.Json.Nodes;
using Strongroom.Auth.Common;
using Strongroom.Sdk;

namespace Strongroom.Auth.Tests.Common;

public sealed class TokenSettingsTests
{
    [Fact]
    public void Apply_LegacyAliases_OnlyWhenAllowed()
    {
        var data = JsonNode.Parse("""{"policies":"A, b","ttl":"5m","bound_cidrs":"10.0.0.0/8"}""")!.AsObject();
        var legacy = new TokenSettings();
        Assert.Null(legacy.Apply(data, legacyAliases: true));
        Assert.Equal(["a", "b"], legacy.TokenPolicies);
        Assert.Equal(TimeSpan.FromMinutes(5), legacy.TokenTtl);
        Assert.Equal(["10.0.0.0/8"], legacy.TokenBoundCidrs);

        var strict = new TokenSettings();
        Assert.Null(strict.Apply(data, legacyAliases: false));
        Assert.Equal(TimeSpan.Zero, strict.TokenTtl);
    }

    [Fact]
    public void ToAuthResult_ExplicitMaxTtlCapsMaxTtl()
    {
        var settings = new TokenSettings();
        settings.Apply(JsonNode.Parse("""{"token_max_ttl":"2h","token_explicit_max_ttl":"1h","token_period":0}""")!.AsObject(), false);
        var auth = settings.ToAuthResult("d", "alias", [], []);
        Assert.Equal(TimeSpan.FromHours(1), auth.MaxTtl);
        Assert.Equal("alias", auth.AliasName);
    }

    [Fact]
    public void Apply_InvalidCidrOrNegativeUses_ReturnsError()
    {
        Assert.Contains("CIDR", new TokenSettings().Apply(JsonNode.Parse("""{"token_bound_cidrs":"300.1.1.1/8"}""")!.AsObject(), false));
        Assert.Contains("negative", new TokenSettings().Apply(JsonNode.Parse("""{"token_num_uses":-1}""")!.AsObject(), false));
    }

    [Fact]
    public void Apply_WrongType_ThrowsFieldException()
    {
        Assert.Throws<FieldException>(() => new TokenSettings().Apply(JsonNode.Parse("""{"token_policies":{"a":1}}""")!.AsObject(), false));
    }
}
