namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// The title: the words from the first content word up to the first marker. Scene names stop at
/// the first " - " (what follows is an episode title or credits), fansub names do not ("Tower of
/// Druaga - Sword of Uruk").
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
