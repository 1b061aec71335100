namespace Strongroom.Core.Hcl;

/// <summary>One lexical token. <see cref="Text"/> is the decoded value for strings and heredocs.</summary>
internal readonly record struct HclToken(HclTokenKind Kind, string Text, int Line, int Column)
{
    /// <summary>Describes the token for error messages without echoing string contents.</summary>
    public string Describe() => Kind switch
    {
        HclTokenKind.Identifier => $"identifier '{Text}'",
        HclTokenKind.String => "a string",
        HclTokenKind.Number => "a number",
        HclTokenKind.LeftBrace => "'{'",
        HclTokenKind.RightBrace => "'}'",
        HclTokenKind.LeftBracket => "'['",
        HclTokenKind.RightBracket => "']'",
        HclTokenKind.Comma => "','",
        HclTokenKind.Equals => "'='",
        HclTokenKind.Colon => "':'",
        HclTokenKind.Newline => "end of line",
        _ => "end of input",
    };
}
