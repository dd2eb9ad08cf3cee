namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Brackets and titles: plain words in brackets inside a title stay ("You Are [Not] Alone");
/// names made only of brackets take the last plain bracket before the episode.
/// </summary>
internal static partial class SegmentParser
{
    // "[52wy][SlamDunk][001]", "[異域字幕組][漆黑的子彈][Black Bullet][11]": the last of the word-only brackets.
    private static (int First, int Last) BracketTitle(
        List<Token> tokens,
        HashSet<int> used,
        int start
    )
    {
        var open = tokens.FindLastIndex(
            start,
            token => token.Kind == TokenKind.Open && token.Pair == tokens[start].Pair
        );
        var chosen = open;
        for (var k = CloseOf(tokens, open) + 1; k < tokens.Count; k++)
        {
            if (
                tokens[k].Kind == TokenKind.Open
                && IsPlainBracket(tokens, used, k)
                && tokens[k].Pair >= 0
            )
            {
                chosen = k;
                k = CloseOf(tokens, k);
                continue;
            }

            if (
                tokens[k].Kind == TokenKind.Dash
                || (tokens[k].IsWord && !tokens[k].HasLetterOrDigit)
            )
            {
                continue;
            }

            break;
        }

        var first = chosen + 1;
        var last = first;
        for (
            var k = first;
            k < tokens.Count
                && tokens[k].Pair != -1
                && !(tokens[k].Kind == TokenKind.Close && tokens[k].Pair == tokens[chosen].Pair);
            k++
        )
        {
            if (used.Contains(k) || tokens[k].Kind == TokenKind.Claim)
            {
                break;
            }

            if (tokens[k].IsWord || tokens[k].Kind == TokenKind.Close)
            {
                last = k;
            }
        }

        return first < tokens.Count ? (first, Math.Max(first, last)) : (start, start);
    }

    /// <summary>A bracket that continues the title: plain words, followed by more title (or, in fansub names, by the episode).</summary>
    private static bool IsTitleBracket(
        List<Token> tokens,
        HashSet<int> used,
        SegmentFacts facts,
        int open,
        bool cutAtDash
    )
    {
        if (!IsPlainBracket(tokens, used, open))
        {
            return false;
        }

        for (var j = CloseOf(tokens, open) + 1; j < tokens.Count; j++)
        {
            var token = tokens[j];
            if (token.Kind == TokenKind.Dash)
            {
                if (token.Spaced && cutAtDash)
                {
                    return false;
                }

                continue;
            }

            if (used.Contains(j) || token.Is(ClaimKind.Episode))
            {
                return facts.AnimeStyle && Enclosures.IsRoundOpener(tokens[open].Text[0]);
            }

            return token.IsWord && token.HasLetterOrDigit;
        }

        return false;
    }

    private static bool IsPlainBracket(List<Token> tokens, HashSet<int> used, int open)
    {
        var close = CloseOf(tokens, open);
        var words = 0;
        for (var k = open + 1; k < close; k++)
        {
            if (tokens[k].Kind == TokenKind.Claim || used.Contains(k))
            {
                return false;
            }

            words += tokens[k].IsWord && tokens[k].HasLetterOrDigit ? 1 : 0;
        }

        return words > 0;
    }

    private static bool IsNumberOnlyBracket(List<Token> tokens, int open)
    {
        var close = CloseOf(tokens, open);
        return close == open + 2 && tokens[open + 1].IsNumber;
    }

    private static int CloseOf(List<Token> tokens, int open)
    {
        var pair = tokens[open].Pair;
        var close = tokens.FindIndex(
            open + 1,
            token => token.Kind == TokenKind.Close && token.Pair == pair
        );
        return close < 0 ? tokens.Count - 1 : close;
    }
}
