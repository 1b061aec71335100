// Template rendering throughput of the agent's Go text/template engine, against a same-run baseline:
// the same output produced by hand-written C# (StringBuilder) from the same data.
//   dotnet run -c Release --project bench/agent -- [iterations]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Strongroom.Agent.Templates;

var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var secret = new Dictionary<string, object?>
{
    ["Data"] = new Dictionary<string, object?>
    {
        ["data"] = new Dictionary<string, object?> { ["api_key"] = "sk-example-not-real", ["org"] = "example", ["project"] = "bench" },
        ["metadata"] = new Dictionary<string, object?> { ["version"] = 3L },
    },
    ["LeaseID"] = "",
    ["LeaseDuration"] = 0L,
    ["Renewable"] = false,
};
var source = new FixedSource(secret);
var functions = TemplateFunctions.Create(source, _ => "prod", TimeProvider.System);
const string Text = """
    {{ with secret "secret/data/web/openai" -}}
    OPENAI_API_KEY={{ .Data.data.api_key }}
    OPENAI_ORG={{ .Data.data.org | toUpper }}
    {{ range $k, $v := .Data.data }}{{ printf "%s=%q" $k $v }}
    {{ end }}{{ if eq (env "STAGE") "prod" }}STAGE=prod{{ end }}
    {{ end -}}
    """;
var template = GoTemplate.Parse("bench", Text, functions);

string Baseline()
{
    var data = (Dictionary<string, object?>)((Dictionary<string, object?>)secret["Data"]!)["data"]!;
    var sb = new StringBuilder();
    sb.Append("OPENAI_API_KEY=").Append((string)data["api_key"]!).Append('\n');
    sb.Append("OPENAI_ORG=").Append(((string)data["org"]!).ToUpperInvariant()).Append('\n');
    foreach (var key in data.Keys.Order(StringComparer.Ordinal))
    {
        sb.Append(key).Append("=\"").Append((string)data[key]!).Append("\"\n");
    }

    if (Environment.GetEnvironmentVariable("NOPE") is null)
    {
        sb.Append("STAGE=prod\n");
    }

    return sb.ToString();
}

var expected = await template.RenderAsync();
if (expected != Baseline())
{
    Console.Error.WriteLine("outputs differ:\n" + expected + "\n---\n" + Baseline());
    return 1;
}

for (var i = 0; i < iterations / 10; i++)
{
    await template.RenderAsync();
    Baseline();
}

var watch = Stopwatch.StartNew();
for (var i = 0; i < iterations; i++)
{
    await template.RenderAsync();
}

var templateSeconds = watch.Elapsed.TotalSeconds;
watch.Restart();
for (var i = 0; i < iterations; i++)
{
    Baseline();
}

var baselineSeconds = watch.Elapsed.TotalSeconds;
watch.Restart();
for (var i = 0; i < iterations / 10; i++)
{
    GoTemplate.Parse("bench", Text, functions);
}

var parseSeconds = watch.Elapsed.TotalSeconds;
Console.WriteLine($"render   {iterations / templateSeconds,12:N0} /s  ({templateSeconds * 1e6 / iterations:N2} us each)");
Console.WriteLine($"baseline {iterations / baselineSeconds,12:N0} /s  ({baselineSeconds * 1e6 / iterations:N2} us each)");
Console.WriteLine($"ratio    render is {templateSeconds / baselineSeconds:N1}x the hand-written baseline");
Console.WriteLine($"parse    {iterations / 10 / parseSeconds,12:N0} /s  ({parseSeconds * 1e6 / (iterations / 10):N2} us each)");
return 0;

internal sealed class FixedSource(IReadOnlyDictionary<string, object?> secret) : ISecretSource
{
    public ValueTask<IReadOnlyDictionary<string, object?>> GetSecretAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        ValueTask.FromResult(secret);
}
