using Strongroom.Cli.Flags;

namespace Strongroom.Cli.Tests;

public sealed class FlagSetTests
{
    private static (FlagSet Set, StringFlag Name, BoolFlag Force, IntFlag Count, StringListFlag Policy) Build()
    {
        var set = new FlagSet();
        return (set, set.String("name", "dflt", "n"), set.Bool("force", false, "f"), set.Int("count", 1, "c"), set.List("policy", "p"));
    }

    [Theory]
    [InlineData("-name=x")]
    [InlineData("--name=x")]
    [InlineData("-name", "x")]
    [InlineData("--name", "x")]
    public void Parse_StringFlagForms_SetValue(params string[] args)
    {
        var (set, name, _, _, _) = Build();
        Assert.Null(set.Parse(args));
        Assert.Equal("x", name.Value);
        Assert.True(name.IsSet);
    }

    [Fact]
    public void Parse_NoFlags_KeepsDefaults()
    {
        var (set, name, force, count, _) = Build();
        Assert.Null(set.Parse(["pos"]));
        Assert.Equal("dflt", name.Value);
        Assert.False(force.Value);
        Assert.Equal(1, count.Value);
        Assert.False(name.IsSet);
    }

    [Fact]
    public void Parse_BoolFlagAlone_IsTrueAndDoesNotConsumeNextArgument()
    {
        var (set, _, force, _, _) = Build();
        Assert.Null(set.Parse(["-force", "false"]));
        Assert.True(force.Value);
        Assert.Equal(["false"], set.Positional);
    }

    [Fact]
    public void Parse_BoolFlagEqualsFalse_IsFalse()
    {
        var set = new FlagSet();
        var renewable = set.Bool("renewable", true, "r");
        Assert.Null(set.Parse(["-renewable=false"]));
        Assert.False(renewable.Value);
    }

    [Fact]
    public void Parse_FlagAfterPositional_IsPositional()
    {
        var (set, name, _, _, _) = Build();
        Assert.Null(set.Parse(["secret/foo", "-name=x"]));
        Assert.Equal("dflt", name.Value);
        Assert.Equal(["secret/foo", "-name=x"], set.Positional);
    }

    [Fact]
    public void Parse_DoubleDash_EndsFlags()
    {
        var (set, _, force, _, _) = Build();
        Assert.Null(set.Parse(["--", "-force"]));
        Assert.False(force.Value);
        Assert.Equal(["-force"], set.Positional);
    }

    [Fact]
    public void Parse_LoneDash_IsPositional()
    {
        var (set, _, _, _, _) = Build();
        Assert.Null(set.Parse(["-", "x"]));
        Assert.Equal(["-", "x"], set.Positional);
    }

    [Fact]
    public void Parse_UnknownFlag_ReturnsGoStyleError()
    {
        var (set, _, _, _, _) = Build();
        Assert.Equal("flag provided but not defined: -nope", set.Parse(["-nope"]));
    }

    [Fact]
    public void Parse_MissingValue_ReturnsError()
    {
        var (set, _, _, _, _) = Build();
        Assert.Equal("flag needs an argument: -name", set.Parse(["-name"]));
    }

    [Fact]
    public void Parse_BadInteger_ReturnsError()
    {
        var (set, _, _, _, _) = Build();
        Assert.Contains("invalid value \"abc\" for flag -count", set.Parse(["-count=abc"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepeatedAndCommaList_CollectsAll()
    {
        var (set, _, _, _, policy) = Build();
        Assert.Null(set.Parse(["-policy=a", "-policy", "b,c"]));
        Assert.Equal(["a", "b", "c"], policy.Values);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("-help")]
    [InlineData("--help")]
    public void Parse_HelpFlag_RequestsHelp(string flag)
    {
        var (set, _, _, _, _) = Build();
        Assert.Null(set.Parse([flag]));
        Assert.True(set.HelpRequested);
    }

    [Theory]
    [InlineData("---x")]
    [InlineData("-=x")]
    public void Parse_BadSyntax_ReturnsError(string arg)
    {
        var (set, _, _, _, _) = Build();
        Assert.StartsWith("bad flag syntax", set.Parse([arg]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1h30m", true)]
    [InlineData("768h", true)]
    [InlineData("3600", true)]
    [InlineData("1.5h", true)]
    [InlineData("soon", false)]
    [InlineData("1x", false)]
    public void DurationIsValid_Input_Classified(string value, bool valid)
    {
        Assert.Equal(valid, DurationFlag.IsValid(value));
    }

    [Fact]
    public void Describe_ListsFlagsWithDefaults()
    {
        var (set, _, _, _, _) = Build();
        var help = set.Describe();
        Assert.Contains("-name=<string>", help, StringComparison.Ordinal);
        Assert.Contains("The default is \"dflt\".", help, StringComparison.Ordinal);
        Assert.Contains("  -force\n", help, StringComparison.Ordinal);
    }
}
