using Strongroom.Cli.Commands;

namespace Strongroom.Cli.Tests;

public sealed class KeyValueArgsTests : IDisposable
{
    private readonly TestCliEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public void Parse_Pairs_KeepStringsAndSplitAtFirstEquals()
    {
        var data = KeyValueArgs.Parse(["a=1", "b=x=y", "c="], _env);
        Assert.Equal("1", data["a"]!.GetValue<string>());
        Assert.Equal("x=y", data["b"]!.GetValue<string>());
        Assert.Equal(string.Empty, data["c"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_RepeatedKey_BecomesList()
    {
        var data = KeyValueArgs.Parse(["p=a", "p=b", "p=c"], _env);
        Assert.Equal("[\"a\",\"b\",\"c\"]", data["p"]!.ToJsonString());
    }

    [Fact]
    public void Parse_AtFile_ReadsFileContents()
    {
        var file = Path.Combine(_env.HomeDirectory, "value.txt");
        File.WriteAllText(file, "from-file");
        var data = KeyValueArgs.Parse([$"k=@{file}"], _env);
        Assert.Equal("from-file", data["k"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_DashValue_ReadsStdin()
    {
        _env.Stdin = new StringReader("from-stdin");
        var data = KeyValueArgs.Parse(["k=-"], _env);
        Assert.Equal("from-stdin", data["k"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_LoneDash_ReadsJsonObjectFromStdinKeepingTypes()
    {
        _env.Stdin = new StringReader("""{"n":5,"b":true,"s":"x"}""");
        var data = KeyValueArgs.Parse(["-"], _env);
        Assert.Equal(5, data["n"]!.GetValue<int>());
        Assert.True(data["b"]!.GetValue<bool>());
    }

    [Fact]
    public void Parse_AtJsonFile_MergesObject()
    {
        var file = Path.Combine(_env.HomeDirectory, "data.json");
        File.WriteAllText(file, """{"a":"1"}""");
        var data = KeyValueArgs.Parse([$"@{file}", "b=2"], _env);
        Assert.Equal("1", data["a"]!.GetValue<string>());
        Assert.Equal("2", data["b"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_NoEquals_IsUsageErrorWithoutEchoingArgument()
    {
        var secretish = "sk-" + Guid.NewGuid().ToString("N");
        var error = Assert.Throws<CommandUsageException>(() => KeyValueArgs.Parse([secretish], _env));
        Assert.DoesNotContain(secretish, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StdinTwice_IsUsageError()
    {
        _env.Stdin = new StringReader("x");
        Assert.Throws<CommandUsageException>(() => KeyValueArgs.Parse(["a=-", "b=-"], _env));
    }

    [Fact]
    public void Parse_InvalidJsonStdin_IsUsageError()
    {
        _env.Stdin = new StringReader("not json");
        Assert.Throws<CommandUsageException>(() => KeyValueArgs.Parse(["-"], _env));
    }
}
