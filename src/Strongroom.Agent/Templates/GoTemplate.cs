namespace Strongroom.Agent.Templates;

/// <summary>
/// A parsed Go text/template (the subset documented in README.md). Parse once, render many times;
/// all errors are <see cref="TemplateException"/> with the template name, line and column.
/// </summary>
public sealed class GoTemplate
{
    private readonly IReadOnlyList<TemplateNode> _tree;
    private readonly IReadOnlyDictionary<string, TemplateFunction> _functions;
    private readonly TemplateOptions _options;

    private GoTemplate(string name, IReadOnlyList<TemplateNode> tree, IReadOnlyDictionary<string, TemplateFunction> functions, TemplateOptions options)
    {
        Name = name;
        _tree = tree;
        _functions = functions;
        _options = options;
    }

    public string Name { get; }

    public static GoTemplate Parse(string name, string text, IReadOnlyDictionary<string, TemplateFunction> functions, TemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(functions);
        options ??= new TemplateOptions();
        var tokens = new TemplateLexer(name, text, options.LeftDelimiter, options.RightDelimiter).Lex();
        var tree = new TemplateParser(name, tokens, new HashSet<string>(functions.Keys, StringComparer.Ordinal)).Parse();
        return new GoTemplate(name, tree, functions, options);
    }

    /// <summary>Renders with <paramref name="data"/> as dot (the agent passes null, as Vault Agent does).</summary>
    public ValueTask<string> RenderAsync(object? data = null, CancellationToken cancellationToken = default) =>
        new TemplateExecutor(Name, _functions, _options, cancellationToken).ExecuteAsync(_tree, data);
}
