namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Weak claims (WEB, DC, French, REAL) stand only in context: after the first unambiguous
/// marker, or next to a technical claim. Otherwise they are words of the title.
/// </summary>
internal static partial class SegmentParser
{
    // Edition-like tags that may sit right before the year: "Aliens.SE.1986", "Pacific.Rim.3D.2013", "Alien DC (1979)".
    private static readonly HashSet<string> BeforeYearTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "SE",
        "DC",
        "3D",
        "OM",
    };

    /// <summary>
    /// A weak claim stands when it comes after the first unambiguous marker (outside a bracket of
    /// ordinary words), or next to a technical claim; otherwise it is a word of the title.
    /// </summary>
    private static void ConfirmWeakClaims(ClaimContext context)
    {
        var tokens = Tokenizer.Build(context);
        var firstStrong = tokens.FindIndex(token =>
            token.Claim is { Weak: false } claim
            && (IsMarker(claim.Kind) || claim.Kind == ClaimKind.Year)
        );
        var confirmed = tokens.Select(token => token.Claim is { Weak: false }).ToArray();
        var technicalPairs = TechnicalPairs(tokens);
        bool changed;
        do
        {
            changed = false;
            for (var k = 0; k < tokens.Count; k++)
            {
                if (
                    confirmed[k]
                    || tokens[k].Claim is not { Weak: true } claim
                    || IsGroupPosition(tokens, k)
                )
                {
                    continue;
                }

                var byPosition =
                    firstStrong >= 0
                    && k > firstStrong
                    && (tokens[k].Pair < 0 || technicalPairs.Contains(tokens[k].Pair));
                var byNeighbour =
                    IsTechnicalNeighbour(tokens, confirmed, k, -1)
                    || IsTechnicalNeighbour(tokens, confirmed, k, +1);
                var byYear =
                    BeforeYearTags.Contains(claim.Value ?? "")
                    && NextSignificant(tokens, k, +1) is var next and >= 0
                    && tokens[next].Is(ClaimKind.Year);
                if (byPosition || byNeighbour || byYear)
                {
                    confirmed[k] = true;
                    changed = true;
                }
            }
        } while (changed);

        for (var k = 0; k < tokens.Count; k++)
        {
            if (!confirmed[k] && tokens[k].Claim is { Weak: true } weak)
            {
                context.Claims.Remove(weak);
            }
        }
    }

    private static HashSet<int> TechnicalPairs(List<Token> tokens)
    {
        var ordinary = new HashSet<int>();
        var technical = new HashSet<int>();
        foreach (var token in tokens.Where(token => token.Pair >= 0))
        {
            if (token.IsWord && token.HasLetterOrDigit)
            {
                ordinary.Add(token.Pair);
            }
            else if (token.Claim is { Weak: false } claim && IsTechnical(claim.Kind))
            {
                technical.Add(token.Pair);
            }
        }

        return
        [
            .. technical.Union(
                tokens
                    .Where(token => token.Pair >= 0 && !ordinary.Contains(token.Pair))
                    .Select(token => token.Pair)
            ),
        ];
    }

    // The last word after a dash is where the group goes ("BRRIP.x264.720p-HR"), even if it spells a tag.
    private static bool IsGroupPosition(List<Token> tokens, int k)
    {
        // Only after a technical word: in "HiS@SiLUHD-English" the language follows the group.
        var previous = k - 1;
        if (
            previous < 1
            || tokens[previous].Kind != TokenKind.Dash
            || tokens[previous - 1].Claim is null
        )
        {
            return false;
        }

        for (var j = k + 1; j < tokens.Count; j++)
        {
            if (
                tokens[j].Kind == TokenKind.Word
                || (
                    tokens[j].Claim is { } claim
                    && claim.Kind is not (ClaimKind.Junk or ClaimKind.Website or ClaimKind.Checksum)
                )
            )
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTechnicalNeighbour(
        List<Token> tokens,
        bool[] confirmed,
        int k,
        int direction
    )
    {
        var j = k + direction;
        while (j >= 0 && j < tokens.Count && tokens[j].Kind == TokenKind.Dash && !tokens[j].Spaced)
        {
            j += direction;
        }

        return j >= 0
            && j < tokens.Count
            && confirmed[j]
            && tokens[j].Pair == tokens[k].Pair
            && tokens[j].Claim is { } claim
            && IsTechnical(claim.Kind);
    }
}
