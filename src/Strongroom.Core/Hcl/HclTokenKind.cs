namespace Strongroom.Core.Hcl;

internal enum HclTokenKind
{
    Identifier,
    String,
    Number,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Equals,
    Colon,
    Newline,
    EndOfFile,
}
