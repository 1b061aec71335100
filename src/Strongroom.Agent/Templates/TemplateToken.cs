namespace Strongroom.Agent.Templates;

internal enum TemplateTokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Identifier,
    Keyword,
    Field,
    Dot,
    Variable,
    String,
    Number,
    Char,
    Bool,
    Nil,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    Eof,
}

/// <summary>One lexeme. <see cref="Value"/> is the unescaped string or identifier; <see cref="End"/> lets the parser see adjacency.</summary>
internal sealed record TemplateToken(TemplateTokenKind Kind, string Value, int Start, int End, int Line, int Column);
