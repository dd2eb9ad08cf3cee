namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// The title: the words from the first content word up to the first marker. Brackets of plain
/// words inside it stay ("You Are [Not] Alone"); scene names stop at the first " - " (what
/// follows is an episode title or credits), fansub names do not ("Tower of Druaga - Sword of Uruk").
/// </summary>
internal static partial class SegmentParser
{
    /// <summary>Reads the title into <paramref name="facts"/>; returns the index of its last token, or -1.</summary>
    private static int ReadTitle(
        ClaimContext context,
        List<Token> tokens,
        HashSet<int> used,
        SegmentFacts facts
    )
    {
        var start = TitleStart(tokens, used, facts);
        if (start < 0)
        {
            return -1;
        }

        var (first, last) =
            tokens[start].Pair >= 0 && !facts.TitleAfterEpisode
                ? BracketTitle(tokens, used, start)
                : LinearTitle(tokens, used, facts, start);
        facts.Title = TitleCleaner.Clean(
            context.Text[tokens[first].Start..tokens[last].End],
            facts.AnimeStyle
        );
        return last;
    }

    private static int TitleStart(List<Token> tokens, HashSet<int> used, SegmentFacts facts)
    {
        // Nothing before a leading group is title ("37 [Ruberia]_Death_Note"); in
        // "James_Bond-f21-Casino_Royale" the film's title follows its number.
        var from =
            tokens.FindIndex(token => token.Is(ClaimKind.Group) || token.Is(ClaimKind.Film)) + 1;
        for (var k = from; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (token.Kind == TokenKind.Claim)
            {
                facts.TitleAfterEpisode |=
                    token.Claim!.Kind is ClaimKind.Episode or ClaimKind.Season;
                continue; // leading groups, sites, "HD 720p:", "2x05 - "
            }

            if (token.Kind == TokenKind.Open && IsNumberOnlyBracket(tokens, k))
            {
                k = CloseOf(tokens, k); // "(1)The Girl With The Dragon Tattoo"
                continue;
            }

            if (!token.IsWord || !token.HasLetterOrDigit)
            {
                continue;
            }

            if (used.Contains(k))
            {
                facts.TitleAfterEpisode = true;
                continue;
            }

            // "Fr - Paris 2054, Renaissance": a language before the first separator is not the title.
            if (
                Patterns.Language().IsMatch(token.Text)
                && token.Text.Length <= 3
                && k + 1 < tokens.Count
                && tokens[k + 1] is { Kind: TokenKind.Dash, Spaced: true }
            )
            {
                continue;
            }

            return token.Pair >= 0 ? PreferUnbracketed(tokens, used, k) : k;
        }

        return -1;
    }

    // "[Jumonji-Giri]_[Shinsen-Subs][ASF]_D.C.II_Da_Capo_II_Ep01": plain words outside brackets
    // before the first marker are the title; bracketed words only when there are none.
    private static int PreferUnbracketed(List<Token> tokens, HashSet<int> used, int k)
    {
        for (var j = k + 1; j < tokens.Count; j++)
        {
            if (used.Contains(j) || tokens[j].Claim is { } claim && IsMarker(claim.Kind))
            {
                break;
            }

            if (tokens[j].IsWord && tokens[j].Pair < 0 && tokens[j].Text.Any(char.IsLetter))
            {
                return j;
            }
        }

        return k;
    }

    private static (int First, int Last) LinearTitle(
        List<Token> tokens,
        HashSet<int> used,
        SegmentFacts facts,
        int start
    )
    {
        var cutAtDash = !facts.AnimeStyle || facts.TitleAfterEpisode;
        var end = start;
        for (var k = start; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (used.Contains(k) || token.Kind == TokenKind.Claim || token.Kind == TokenKind.Close)
            {
                break;
            }

            if (token.Kind == TokenKind.Dash)
            {
                if (token.Spaced && cutAtDash)
                {
                    break;
                }

                continue;
            }

            if (token.Kind == TokenKind.Open)
            {
                if (!IsTitleBracket(tokens, used, facts, k, cutAtDash))
                {
                    break;
                }

                k = CloseOf(tokens, k);
                end = k;
                continue;
            }

            if (token.HasLetterOrDigit)
            {
                end = k;
            }
        }

        return (start, end);
    }

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

    // "[Mobile Suit Gundam Seed Destiny HD REMASTER][07]": the leading bracket was the title after all.
    private static void TitleFromGroupBracket(ClaimContext context, SegmentFacts facts)
    {
        if (LeadingGroup(context) is { Value: { } content } group)
        {
            facts.Title = Parse(content, seasonHint: null, groupMayBeTitle: false).Title;
            context.Claims.Remove(group);
        }
    }

    private static Claim? LeadingGroup(ClaimContext context) =>
        context.Claims.All.FirstOrDefault(claim => claim.Kind == ClaimKind.Group);
}
