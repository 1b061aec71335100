namespace Strongroom.Agent.Templates;

// The parse tree of a Go text/template. Small record types kept in one file: they are one grammar.

/// <summary>Any node; Line/Column locate it for error messages.</summary>
internal abstract record TemplateNode(int Line, int Column);

internal sealed record TextNode(string Text, int Line, int Column) : TemplateNode(Line, Column);

/// <summary>{{ pipeline }}: the value is printed unless the pipeline declares or assigns a variable.</summary>
internal sealed record ActionNode(PipelineNode Pipeline, int Line, int Column) : TemplateNode(Line, Column);

internal enum BranchKind
{
    If,
    Range,
    With,
}

/// <summary>if / range / with, with an optional else list (an else-if chain nests a branch there).</summary>
internal sealed record BranchNode(BranchKind Kind, PipelineNode Pipeline, IReadOnlyList<TemplateNode> List, IReadOnlyList<TemplateNode>? ElseList, int Line, int Column)
    : TemplateNode(Line, Column);

/// <summary>[$a[, $b] := | =] cmd | cmd ...</summary>
internal sealed record PipelineNode(IReadOnlyList<string> Variables, bool IsAssign, IReadOnlyList<CommandNode> Commands, int Line, int Column)
    : TemplateNode(Line, Column);

/// <summary>One command of a pipeline: operands separated by spaces.</summary>
internal sealed record CommandNode(IReadOnlyList<TemplateNode> Args, int Line, int Column) : TemplateNode(Line, Column);

/// <summary>.A.B — a field chain on dot (empty chain = dot itself).</summary>
internal sealed record FieldNode(IReadOnlyList<string> Chain, int Line, int Column) : TemplateNode(Line, Column);

/// <summary>$x.A.B</summary>
internal sealed record VariableNode(string Name, IReadOnlyList<string> Chain, int Line, int Column) : TemplateNode(Line, Column);

/// <summary>(pipeline).A.B</summary>
internal sealed record ChainNode(TemplateNode Operand, IReadOnlyList<string> Chain, int Line, int Column) : TemplateNode(Line, Column);

/// <summary>A function name.</summary>
internal sealed record IdentifierNode(string Name, int Line, int Column) : TemplateNode(Line, Column);

/// <summary>A constant: string, long, double, bool or null.</summary>
internal sealed record LiteralNode(object? Value, int Line, int Column) : TemplateNode(Line, Column);

internal sealed record BreakNode(int Line, int Column) : TemplateNode(Line, Column);

internal sealed record ContinueNode(int Line, int Column) : TemplateNode(Line, Column);
