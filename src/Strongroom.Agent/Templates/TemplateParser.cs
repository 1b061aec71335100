using System.Globalization;

namespace Strongroom.Agent.Templates;

/// <summary>
/// Recursive-descent parser over <see cref="TemplateLexer"/> tokens, following Go's text/template/parse:
/// unknown functions and undefined variables are parse errors, as in Go.
/// </summary>
internal sealed class TemplateParser
{
    private const int MaxDepth = 100;

    private readonly string _name;
    private readonly List<TemplateToken> _tokens;
    private readonly IReadOnlySet<string> _functions;
    private readonly List<string> _variables = ["$"];
    private int _index;
    private int _depth;
    private int _rangeDepth;

    public TemplateParser(string name, List<TemplateToken> tokens, IReadOnlySet<string> functions)
    {
        _name = name;
        _tokens = tokens;
        _functions = functions;
    }

    public IReadOnlyList<TemplateNode> Parse()
    {
        var (list, end) = ParseList();
        if (end is not null)
        {
            throw Error(end, $"unexpected {{{{{end.Value}}}}}");
        }

        return list;
    }

    private TemplateToken Peek(int ahead = 0) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private TemplateToken Next() => _tokens[Math.Min(_index++, _tokens.Count - 1)];

    /// <summary>Parses nodes until EOF or an {{end}}/{{else}} keyword, which is returned (consumed up to the keyword).</summary>
    private (List<TemplateNode> List, TemplateToken? Terminator) ParseList()
    {
        var list = new List<TemplateNode>();
        while (true)
        {
            var token = Next();
            switch (token.Kind)
            {
                case TemplateTokenKind.Eof:
                    return (list, null);
                case TemplateTokenKind.Text:
                    list.Add(new TextNode(token.Value, token.Line, token.Column));
                    continue;
                case TemplateTokenKind.LeftDelim:
                    break;
                default:
                    throw Error(token, "unexpected token");
            }

            var head = Peek();
            if (head.Kind == TemplateTokenKind.Keyword)
            {
                switch (head.Value)
                {
                    case "end" or "else":
                        Next();
                        return (list, head);
                    case "if":
                        Next();
                        list.Add(ParseBranch(BranchKind.If, head));
                        continue;
                    case "range":
                        Next();
                        list.Add(ParseBranch(BranchKind.Range, head));
                        continue;
                    case "with":
                        Next();
                        list.Add(ParseBranch(BranchKind.With, head));
                        continue;
                    case "break" or "continue":
                        Next();
                        if (_rangeDepth == 0)
                        {
                            throw Error(head, $"{{{{{head.Value}}}}} outside {{{{range}}}}");
                        }

                        Expect(TemplateTokenKind.RightDelim, "closing delimiter");
                        list.Add(head.Value == "break" ? new BreakNode(head.Line, head.Column) : new ContinueNode(head.Line, head.Column));
                        continue;
                    default:
                        throw Error(head, $"\"{head.Value}\" is not supported");
                }
            }

            var pipeline = ParsePipeline(head, allowDeclare: true, allowTwoVariables: false);
            Expect(TemplateTokenKind.RightDelim, "closing delimiter");
            list.Add(new ActionNode(pipeline, head.Line, head.Column));
        }
    }

    private BranchNode ParseBranch(BranchKind kind, TemplateToken keyword)
    {
        if (++_depth > MaxDepth)
        {
            throw Error(keyword, "template nested too deeply");
        }

        var scope = _variables.Count;
        var pipeline = ParsePipeline(keyword, allowDeclare: true, allowTwoVariables: kind == BranchKind.Range);
        Expect(TemplateTokenKind.RightDelim, "closing delimiter");
        if (kind == BranchKind.Range)
        {
            _rangeDepth++;
        }

        var (list, terminator) = ParseList();
        if (kind == BranchKind.Range)
        {
            _rangeDepth--;
        }

        if (terminator is null)
        {
            throw Error(keyword, $"unexpected EOF: {{{{{KindName(kind)}}}}} has no {{{{end}}}}");
        }

        List<TemplateNode>? elseList = null;
        if (terminator.Value == "else")
        {
            // {{else if ...}} / {{else with ...}}: a nested branch that shares our {{end}}.
            var next = Peek();
            if (next.Kind == TemplateTokenKind.Keyword && ((next.Value == "if" && kind == BranchKind.If) || (next.Value == "with" && kind == BranchKind.With)))
            {
                Next();
                elseList = [ParseBranch(kind, next)];
                _variables.RemoveRange(scope, _variables.Count - scope);
                _depth--;
                return new BranchNode(kind, pipeline, list, elseList, keyword.Line, keyword.Column);
            }

            Expect(TemplateTokenKind.RightDelim, "closing delimiter after else");
            var (rest, end) = ParseList();
            if (end is null || end.Value != "end")
            {
                throw Error(end ?? keyword, $"expected {{{{end}}}} for {{{{{KindName(kind)}}}}}");
            }

            elseList = rest;
        }

        Expect(TemplateTokenKind.RightDelim, "closing delimiter after end");
        _variables.RemoveRange(scope, _variables.Count - scope);
        _depth--;
        return new BranchNode(kind, pipeline, list, elseList, keyword.Line, keyword.Column);
    }

    private static string KindName(BranchKind kind) => kind.ToString().ToLowerInvariant();

    private PipelineNode ParsePipeline(TemplateToken at, bool allowDeclare, bool allowTwoVariables)
    {
        var variables = new List<string>();
        var isAssign = false;
        if (allowDeclare && Peek().Kind == TemplateTokenKind.Variable)
        {
            var first = Peek();
            var op = Peek(1);
            if (op.Kind is TemplateTokenKind.Declare or TemplateTokenKind.Assign)
            {
                _index += 2;
                variables.Add(first.Value);
                isAssign = op.Kind == TemplateTokenKind.Assign;
            }
            else if (op.Kind == TemplateTokenKind.Comma && allowTwoVariables && Peek(2).Kind == TemplateTokenKind.Variable
                && Peek(3).Kind is TemplateTokenKind.Declare or TemplateTokenKind.Assign)
            {
                variables.Add(first.Value);
                variables.Add(Peek(2).Value);
                isAssign = Peek(3).Kind == TemplateTokenKind.Assign;
                _index += 4;
            }

            if (isAssign)
            {
                foreach (var v in variables)
                {
                    RequireVariable(v, first);
                }
            }
        }

        var commands = new List<CommandNode>();
        while (true)
        {
            commands.Add(ParseCommand());
            if (Peek().Kind != TemplateTokenKind.Pipe)
            {
                break;
            }

            Next();
        }

        if (!isAssign)
        {
            _variables.AddRange(variables);
        }

        return new PipelineNode(variables, isAssign, commands, at.Line, at.Column);
    }

    private CommandNode ParseCommand()
    {
        var start = Peek();
        var args = new List<TemplateNode>();
        while (true)
        {
            var token = Peek();
            if (token.Kind is TemplateTokenKind.RightDelim or TemplateTokenKind.Pipe or TemplateTokenKind.RightParen or TemplateTokenKind.Eof)
            {
                break;
            }

            if (args.Count > 0 && token.Start == Peek(-1).End && token.Kind != TemplateTokenKind.Field)
            {
                throw Error(token, "missing space between operands");
            }

            args.Add(ParseOperand());
        }

        if (args.Count == 0)
        {
            throw Error(start, start.Kind == TemplateTokenKind.RightDelim ? "missing value for command" : $"unexpected \"{start.Value}\" in command");
        }

        return new CommandNode(args, start.Line, start.Column);
    }

    private TemplateNode ParseOperand()
    {
        var token = Next();
        TemplateNode term;
        switch (token.Kind)
        {
            case TemplateTokenKind.Dot:
                term = new FieldNode([], token.Line, token.Column);
                break;
            case TemplateTokenKind.Field:
                var chain = new List<string> { token.Value };
                AppendChain(chain, token);
                return new FieldNode(chain, token.Line, token.Column);
            case TemplateTokenKind.Variable:
                RequireVariable(token.Value, token);
                var varChain = new List<string>();
                AppendChain(varChain, token);
                return new VariableNode(token.Value, varChain, token.Line, token.Column);
            case TemplateTokenKind.Identifier:
                if (!_functions.Contains(token.Value))
                {
                    throw Error(token, $"function \"{token.Value}\" not defined");
                }

                term = new IdentifierNode(token.Value, token.Line, token.Column);
                break;
            case TemplateTokenKind.String:
                term = new LiteralNode(token.Value, token.Line, token.Column);
                break;
            case TemplateTokenKind.Number:
                if (!TemplateNumber.TryParse(token.Value, out var number))
                {
                    throw Error(token, "bad number syntax");
                }

                term = new LiteralNode(number, token.Line, token.Column);
                break;
            case TemplateTokenKind.Char:
                term = new LiteralNode(long.Parse(token.Value, CultureInfo.InvariantCulture), token.Line, token.Column);
                break;
            case TemplateTokenKind.Bool:
                term = new LiteralNode(token.Value == "true", token.Line, token.Column);
                break;
            case TemplateTokenKind.Nil:
                term = new LiteralNode(null, token.Line, token.Column);
                break;
            case TemplateTokenKind.LeftParen:
                if (++_depth > MaxDepth)
                {
                    throw Error(token, "template nested too deeply");
                }

                var inner = ParsePipeline(token, allowDeclare: false, allowTwoVariables: false);
                Expect(TemplateTokenKind.RightParen, "closing parenthesis");
                _depth--;
                term = inner;
                break;
            case TemplateTokenKind.Keyword:
                throw Error(token, $"unexpected keyword \"{token.Value}\" in command");
            case TemplateTokenKind.Declare or TemplateTokenKind.Assign:
                throw Error(token, "unexpected assignment in command");
            default:
                throw Error(token, $"unexpected \"{token.Value}\" in operand");
        }

        var fields = new List<string>();
        AppendChain(fields, Peek(-1));
        if (fields.Count == 0)
        {
            return term;
        }

        if (term is LiteralNode or IdentifierNode)
        {
            throw Error(token, "unexpected field access on a constant or function name");
        }

        return new ChainNode(term, fields, token.Line, token.Column);
    }

    /// <summary>Consumes .Field tokens that touch the previous token (no space between).</summary>
    private void AppendChain(List<string> chain, TemplateToken previous)
    {
        while (Peek().Kind == TemplateTokenKind.Field && Peek().Start == previous.End)
        {
            previous = Next();
            chain.Add(previous.Value);
        }
    }

    private void RequireVariable(string name, TemplateToken at)
    {
        if (!_variables.Contains(name))
        {
            throw Error(at, $"undefined variable \"{name}\"");
        }
    }

    private void Expect(TemplateTokenKind kind, string what)
    {
        var token = Next();
        if (token.Kind != kind)
        {
            throw Error(token, token.Kind == TemplateTokenKind.Eof ? $"unexpected EOF, expected {what}" : $"unexpected \"{token.Value}\", expected {what}");
        }
    }

    private TemplateException Error(TemplateToken token, string reason) => new(_name, token.Line, token.Column, reason);
}
