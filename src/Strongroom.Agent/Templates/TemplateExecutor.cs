using System.Globalization;
using System.Text;

namespace Strongroom.Agent.Templates;

/// <summary>Walks a parse tree with Go text/template semantics, writing into a buffer.</summary>
internal sealed class TemplateExecutor
{
    private readonly string _name;
    private readonly IReadOnlyDictionary<string, TemplateFunction> _functions;
    private readonly TemplateOptions _options;
    private readonly StringBuilder _output = new();
    private readonly List<(string Name, object? Value)> _variables = [];
    private readonly CancellationToken _cancellationToken;

    public TemplateExecutor(string name, IReadOnlyDictionary<string, TemplateFunction> functions, TemplateOptions options, CancellationToken cancellationToken)
    {
        _name = name;
        _functions = functions;
        _options = options;
        _cancellationToken = cancellationToken;
    }

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public async ValueTask<string> ExecuteAsync(IReadOnlyList<TemplateNode> list, object? data)
    {
        _variables.Add(("$", data));
        await ExecListAsync(list, data).ConfigureAwait(false);
        return _output.ToString();
    }

    private async ValueTask<Flow> ExecListAsync(IReadOnlyList<TemplateNode> list, object? dot)
    {
        foreach (var node in list)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case TextNode text:
                    Write(text.Text, text);
                    break;
                case ActionNode action:
                    var value = await EvalPipelineAsync(action.Pipeline, dot, declare: true).ConfigureAwait(false);
                    if (action.Pipeline.Variables.Count == 0)
                    {
                        Write(TemplateValues.Print(value), action);
                    }

                    break;
                case BranchNode branch:
                    var flow = await ExecBranchAsync(branch, dot).ConfigureAwait(false);
                    if (flow != Flow.Normal)
                    {
                        return flow;
                    }

                    break;
                case BreakNode:
                    return Flow.Break;
                case ContinueNode:
                    return Flow.Continue;
            }
        }

        return Flow.Normal;
    }

    private async ValueTask<Flow> ExecBranchAsync(BranchNode branch, object? dot)
    {
        var mark = _variables.Count;
        try
        {
            if (branch.Kind == BranchKind.Range)
            {
                return await ExecRangeAsync(branch, dot).ConfigureAwait(false);
            }

            var value = await EvalPipelineAsync(branch.Pipeline, dot, declare: true).ConfigureAwait(false);
            if (TemplateValues.IsTrue(value))
            {
                return await ExecListAsync(branch.List, branch.Kind == BranchKind.With ? value : dot).ConfigureAwait(false);
            }

            return branch.ElseList is null ? Flow.Normal : await ExecListAsync(branch.ElseList, dot).ConfigureAwait(false);
        }
        finally
        {
            _variables.RemoveRange(mark, _variables.Count - mark);
        }
    }

    private async ValueTask<Flow> ExecRangeAsync(BranchNode branch, object? dot)
    {
        var pipeline = branch.Pipeline;
        var value = await EvalPipelineAsync(pipeline with { Variables = [] }, dot, declare: false).ConfigureAwait(false);
        IEnumerable<(object? Key, object? Element)> items = value switch
        {
            null or NoValue => [],
            IReadOnlyList<object?> list => list.Select((e, i) => ((object?)(long)i, e)),
            IReadOnlyDictionary<string, object?> map => map.Keys.Order(StringComparer.Ordinal).Select(k => ((object?)k, map[k])),
            long n when n >= 0 => Enumerable.Range(0, (int)Math.Min(n, int.MaxValue)).Select(i => ((object?)(long)i, (object?)(long)i)),
            _ => throw Error(branch, $"range can't iterate over {TemplateValues.TypeName(value)}"),
        };

        var mark = _variables.Count;
        var any = false;
        foreach (var (key, element) in items)
        {
            any = true;
            _variables.RemoveRange(mark, _variables.Count - mark);
            if (pipeline.Variables.Count == 1)
            {
                SetVariable(pipeline.Variables[0], element, pipeline.IsAssign);
            }
            else if (pipeline.Variables.Count == 2)
            {
                SetVariable(pipeline.Variables[0], key, pipeline.IsAssign);
                SetVariable(pipeline.Variables[1], element, pipeline.IsAssign);
            }

            var flow = await ExecListAsync(branch.List, element).ConfigureAwait(false);
            if (flow == Flow.Break)
            {
                break;
            }
        }

        _variables.RemoveRange(mark, _variables.Count - mark);
        if (!any && branch.ElseList is not null)
        {
            return await ExecListAsync(branch.ElseList, dot).ConfigureAwait(false);
        }

        return Flow.Normal;
    }

    private async ValueTask<object?> EvalPipelineAsync(PipelineNode pipeline, object? dot, bool declare)
    {
        object? value = null;
        var hasValue = false;
        foreach (var command in pipeline.Commands)
        {
            value = await EvalCommandAsync(command, dot, value, hasValue).ConfigureAwait(false);
            hasValue = true;
        }

        if (declare)
        {
            foreach (var variable in pipeline.Variables)
            {
                SetVariable(variable, value, pipeline.IsAssign);
            }
        }

        return value;
    }

    private void SetVariable(string name, object? value, bool assign)
    {
        if (assign)
        {
            for (var i = _variables.Count - 1; i >= 0; i--)
            {
                if (_variables[i].Name == name)
                {
                    _variables[i] = (name, value);
                    return;
                }
            }
        }

        _variables.Add((name, value));
    }

    private async ValueTask<object?> EvalCommandAsync(CommandNode command, object? dot, object? piped, bool hasPiped)
    {
        var first = command.Args[0];
        if (first is IdentifierNode function)
        {
            var args = new List<object?>(command.Args.Count);
            for (var i = 1; i < command.Args.Count; i++)
            {
                args.Add(await EvalArgAsync(command.Args[i], dot).ConfigureAwait(false));
            }

            if (hasPiped)
            {
                args.Add(piped);
            }

            return await CallAsync(function, args).ConfigureAwait(false);
        }

        if (command.Args.Count > 1 || hasPiped)
        {
            throw Error(first, first is LiteralNode ? "can't give argument to non-function" : $"can't give argument to non-function {Describe(first)}");
        }

        return await EvalArgAsync(first, dot).ConfigureAwait(false);
    }

    private async ValueTask<object?> CallAsync(IdentifierNode function, List<object?> args)
    {
        try
        {
            return await _functions[function.Name](args, _cancellationToken).ConfigureAwait(false);
        }
        catch (TemplateFunctionException e)
        {
            throw Error(function, $"error calling {function.Name}: {e.Message}");
        }
    }

    private async ValueTask<object?> EvalArgAsync(TemplateNode node, object? dot)
    {
        switch (node)
        {
            case LiteralNode literal:
                return literal.Value;
            case FieldNode field:
                return Walk(dot, field.Chain, field);
            case VariableNode variable:
                return Walk(Lookup(variable), variable.Chain, variable);
            case PipelineNode pipeline:
                return await EvalPipelineAsync(pipeline, dot, declare: false).ConfigureAwait(false);
            case ChainNode chain:
                var receiver = await EvalArgAsync(chain.Operand, dot).ConfigureAwait(false);
                return Walk(receiver, chain.Chain, chain);
            case IdentifierNode function:
                return await CallAsync(function, []).ConfigureAwait(false);
            default:
                throw Error(node, "unexpected node");
        }
    }

    private object? Lookup(VariableNode variable)
    {
        for (var i = _variables.Count - 1; i >= 0; i--)
        {
            if (_variables[i].Name == variable.Name)
            {
                return _variables[i].Value;
            }
        }

        throw Error(variable, $"undefined variable: {variable.Name}");
    }

    private object? Walk(object? receiver, IReadOnlyList<string> chain, TemplateNode at)
    {
        var value = receiver;
        for (var i = 0; i < chain.Count; i++)
        {
            var field = chain[i];
            switch (value)
            {
                case IReadOnlyDictionary<string, object?> map:
                    if (map.TryGetValue(field, out var next))
                    {
                        value = next;
                    }
                    else if (_options.ErrorOnMissingKey)
                    {
                        throw Error(at, $"map has no entry for key \"{field}\"");
                    }
                    else
                    {
                        value = NoValue.Instance;
                    }

                    break;
                case null or NoValue:
                    throw Error(at, $"nil pointer evaluating interface {{}}.{field}");
                default:
                    throw Error(at, $"can't evaluate field {field} in type {TemplateValues.TypeName(value)}");
            }
        }

        return value;
    }

    private void Write(string text, TemplateNode at)
    {
        if (_output.Length + text.Length > _options.MaxOutputChars)
        {
            throw Error(at, string.Create(CultureInfo.InvariantCulture, $"output exceeds {_options.MaxOutputChars} characters"));
        }

        _output.Append(text);
    }

    private static string Describe(TemplateNode node) => node switch
    {
        FieldNode f => "." + string.Join('.', f.Chain),
        VariableNode v => v.Name + string.Concat(v.Chain.Select(c => "." + c)),
        _ => "value",
    };

    private TemplateException Error(TemplateNode node, string reason) => new(_name, node.Line, node.Column, reason);
}
