namespace Sluice.Domain.Naming.Parsing;

internal enum TokenKind
{
    Word,
    Claim,
    Open,
    Close,
    Dash,
}

/// <summary>
/// A piece of a name after claiming: a claim, an unclaimed word, a bracket, or a dash.
/// <see cref="Pair"/> is the innermost bracket pair holding the token (for brackets: their own pair).
/// </summary>
internal sealed record Token(TokenKind Kind, int Start, int End, string Text)
{
    public Claim? Claim { get; init; }
    public int Pair { get; init; } = -1;

    /// <summary>For dashes: a separator (" - ", "_-_", ".-.") rather than a hyphen inside a word.</summary>
    public bool Spaced { get; init; }

    public bool IsWord => Kind == TokenKind.Word;

    public bool IsNumber =>
        Kind == TokenKind.Word && Text.Length is > 0 and <= 4 && Text.All(char.IsAsciiDigit);

    public bool HasLetterOrDigit => Text.Any(char.IsLetterOrDigit);

    public bool Is(ClaimKind kind) => Claim?.Kind == kind;
}
