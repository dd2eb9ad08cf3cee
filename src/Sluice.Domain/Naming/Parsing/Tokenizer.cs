namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Cuts a claimed name into tokens. Words split on spaces, underscores and most punctuation; a dot
/// splits too, except inside numbers ("3.33") and after a short prefix before a digit ("No.6"),
/// because dotted scene names and dotted titles share the same character.
/// </summary>
internal static class Tokenizer
{
    public static List<Token> Build(ClaimContext context)
    {
        var text = context.Text;
        var starts = new Dictionary<int, Claim>();
        foreach (var claim in context.Claims.All)
        {
            starts[claim.Start] = claim;
        }

        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (starts.TryGetValue(i, out var claim))
            {
                tokens.Add(
                    new Token(TokenKind.Claim, claim.Start, claim.End, text[claim.Start..claim.End])
                    {
                        Claim = claim,
                        Pair = context.Enclosures.PairAt(claim.Start),
                    }
                );
                i = claim.End;
            }
            else if (context.Enclosures.IsBracket(i))
            {
                var pair = context.Enclosures.PairAt(i);
                var kind =
                    context.Enclosures.Pairs[pair].Open == i ? TokenKind.Open : TokenKind.Close;
                tokens.Add(new Token(kind, i, i + 1, text[i..(i + 1)]) { Pair = pair });
                i++;
            }
            else if (IsDash(text[i]))
            {
                var end = i;
                while (end < text.Length && IsDash(text[end]) && !starts.ContainsKey(end))
                {
                    end++;
                }

                var spaced = end - i > 1 || IsSpacing(context, i - 1) || IsSpacing(context, end);
                tokens.Add(
                    new Token(TokenKind.Dash, i, end, text[i..end])
                    {
                        Pair = context.Enclosures.PairAt(i),
                        Spaced = spaced,
                    }
                );
                i = end;
            }
            else if (text[i] == '.' || IsDelimiter(text[i]))
            {
                i++;
            }
            else
            {
                var end = i + 1;
                while (
                    end < text.Length
                    && !starts.ContainsKey(end)
                    && !context.Enclosures.IsBracket(end)
                    && !IsDash(text[end])
                    && !EndsWord(text, i, end, starts)
                )
                {
                    end++;
                }

                tokens.Add(
                    new Token(TokenKind.Word, i, end, text[i..end])
                    {
                        Pair = context.Enclosures.PairAt(i),
                    }
                );
                i = end;
            }
        }

        return tokens;
    }

    public static bool IsDash(char c) => c is '-' or '‐' or '‒' or '–' or '—' or '―';

    private static bool IsDelimiter(char c) =>
        c is ' ' or '_' or ',' or '+' or '~' or '|' or '=' or ';' or '&' or '·' or '\u3000'
        || char.IsWhiteSpace(c);

    // Abbreviations written against their number: "No.6", "Vol.2", "Pt.1".
    private static readonly HashSet<string> NumberPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "No",
        "Nr",
        "Vol",
        "Pt",
        "Ep",
        "Ch",
    };

    // A word stops at a dot unless the dot is inside a decimal ("3.33", "07.5") or follows an
    // abbreviation before its number ("No.6"). "100.109" is two numbers, not a decimal.
    private static bool EndsWord(string text, int wordStart, int i, Dictionary<int, Claim> starts)
    {
        if (text[i] != '.')
        {
            return IsDelimiter(text[i]);
        }

        if (i + 1 >= text.Length || !char.IsAsciiDigit(text[i + 1]) || starts.ContainsKey(i + 1))
        {
            return true;
        }

        if (char.IsAsciiDigit(text[i - 1]))
        {
            var before = 0;
            while (i - 1 - before >= wordStart && char.IsAsciiDigit(text[i - 1 - before]))
            {
                before++;
            }

            var after = 0;
            while (i + 1 + after < text.Length && char.IsAsciiDigit(text[i + 1 + after]))
            {
                after++;
            }

            return before >= 3 || after >= 3;
        }

        return !NumberPrefixes.Contains(text[wordStart..i]);
    }

    private static bool IsSpacing(ClaimContext context, int index) =>
        index < 0
        || index >= context.Text.Length
        || context.Enclosures.IsBracket(index)
        || context.Text[index] is ' ' or '_' or '.'
        || char.IsWhiteSpace(context.Text[index]);
}
