namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Episode numbers: explicit markers first; otherwise bare numbers by position ("Title - 07",
/// "01 - Title", "Title 225 [..]"), with three-digit scene numbers read as season and episode
/// ("show.117.hdtv") outside fansub names, where they are absolute numbers.
/// </summary>
internal static partial class SegmentParser
{
    private sealed record NumberRun(int First, int Last, List<int> Values, bool Decimal)
    {
        public bool Single => Values.Count == 1;
    }

    /// <summary>Reads season and episodes into <paramref name="facts"/>; returns the token indices used as numbers.</summary>
    private static HashSet<int> ReadEpisodes(
        ClaimContext context,
        List<Token> tokens,
        SegmentFacts facts,
        int? seasonHint
    )
    {
        var used = new HashSet<int>();
        var markers = context
            .Claims.Ordered()
            .Where(claim => claim.Kind is ClaimKind.Episode or ClaimKind.Season)
            .ToList();
        facts.Season = markers.Find(claim => claim.Season is not null)?.Season;
        var seasoned = markers
            .Where(claim => claim.Kind == ClaimKind.Episode && !claim.Seasonless)
            .ToList();
        var seasonless = markers
            .Where(claim => claim.Kind == ClaimKind.Episode && claim.Seasonless)
            .ToList();
        foreach (var claim in seasoned.Where(claim => claim.Season == facts.Season))
        {
            AddAll(facts.Episodes, claim.Episodes);
        }

        // "S06E32 ... [Episode 83]": beside a seasoned marker a seasonless number counts from the series start.
        foreach (var claim in seasonless)
        {
            AddAll(seasoned.Count > 0 ? facts.AbsoluteEpisodes : facts.Episodes, claim.Episodes);
        }

        facts.Version ??= markers.Find(claim => claim.Number is not null)?.Number;
        facts.EpisodeMarker |= markers.Any(claim => claim.Fractional);
        if (facts.Season is { } season && season >= 1900 && facts.Year is null)
        {
            facts.Year = season; // "Pawn.Stars.S2014E18": the season is the year.
        }

        var runs = FindRuns(context, tokens);
        if (facts.Episodes.Count > 0)
        {
            ReadAbsoluteBesideMarker(
                tokens,
                runs,
                seasoned.Count > 0 ? seasoned[0] : seasonless[0],
                facts,
                used
            );
        }
        else if (!markers.Any(claim => claim.Fractional))
        {
            ReadBareEpisode(context, tokens, runs, facts, seasonHint, used);
        }

        return used;
    }

    private static List<NumberRun> FindRuns(ClaimContext context, List<Token> tokens)
    {
        var runs = new List<NumberRun>();
        for (var k = 0; k < tokens.Count; k++)
        {
            if (IsDecimalEpisode(tokens[k]))
            {
                runs.Add(new NumberRun(k, k, [], Decimal: true));
                continue;
            }

            if (!tokens[k].IsNumber)
            {
                continue;
            }

            var values = new List<int> { Claimers.Int(tokens[k].Text) };
            var last = k;
            while (true)
            {
                var j = last + 1;
                while (j < tokens.Count && tokens[j].Is(ClaimKind.Version))
                {
                    j++;
                }

                if (
                    j + 1 < tokens.Count
                    && tokens[j].Kind == TokenKind.Dash
                    && !tokens[j].Spaced
                    && tokens[j + 1].IsNumber
                    && Claimers.Int(tokens[j + 1].Text) is var to
                    && to > values[^1]
                    && to - values[^1] <= MaxRange
                )
                {
                    values.AddRange(Enumerable.Range(values[^1] + 1, to - values[^1]));
                    last = j + 1;
                }
                else if (
                    j < tokens.Count
                    && tokens[j].IsNumber
                    && IsListJoin(context.Text[tokens[last].End..tokens[j].Start])
                )
                {
                    values.Add(Claimers.Int(tokens[j].Text));
                    last = j;
                }
                else
                {
                    break;
                }
            }

            runs.Add(new NumberRun(k, last, values, Decimal: false));
            k = last;
        }

        return runs;
    }

    private const int MaxRange = 200;

    private static bool IsListJoin(string between) =>
        between.Length <= 5
        && between.Count(c => c is '+' or '&') == 1
        && between.All(c => c is '+' or '&' or ' ' or '.' or '_');

    // "07.5", "- 04.1": a zero-padded fraction is a recap or special, not episode 7.
    private static bool IsDecimalEpisode(Token token) =>
        token.IsWord
        && token.Text.Length == 4
        && token.Text[0] == '0'
        && char.IsAsciiDigit(token.Text[1])
        && token.Text[2] == '.'
        && char.IsAsciiDigit(token.Text[3]);

    /// <summary>"Bleach - s16e03-04 - 313-314", "s10e15(233)": a second numbering next to the explicit one.</summary>
    private static void ReadAbsoluteBesideMarker(
        List<Token> tokens,
        List<NumberRun> runs,
        Claim marker,
        SegmentFacts facts,
        HashSet<int> used
    )
    {
        var markerIndex = tokens.FindIndex(token => token.Claim == marker);
        foreach (var run in runs.Where(run => !run.Decimal && run.First > 0))
        {
            var matchesCount = run.Values.Count == facts.Episodes.Count && run.Values.Count > 1;
            var large = run.Values[0] >= 100 && run.Values[0] > facts.Episodes[^1];
            var besideMarker = NextSignificant(tokens, markerIndex, +1) == run.First;
            var afterDash =
                run.First > 0
                && tokens[run.First - 1] is { Kind: TokenKind.Dash, Spaced: true }
                && HasWordBefore(tokens, run.First - 1);
            if ((matchesCount && (besideMarker || afterDash)) || (large && besideMarker))
            {
                AddAll(facts.AbsoluteEpisodes, run.Values);
                MarkUsed(used, run);
                return;
            }
        }
    }

    private static void ReadBareEpisode(
        ClaimContext context,
        List<Token> tokens,
        List<NumberRun> runs,
        SegmentFacts facts,
        int? seasonHint,
        HashSet<int> used
    )
    {
        var firstTechnical = tokens.FindIndex(token =>
            token.Claim is { } claim && IsTechnical(claim.Kind) && claim.Kind != ClaimKind.Language
        );
        var eligible = runs.Where(run => IsEligible(tokens, run, facts, firstTechnical)).ToList();
        if (eligible.Count == 0)
        {
            return;
        }

        // "Piano no Mori 2 (TV)": a small number before the TV tag is the season.
        var typed = eligible.Find(run =>
            run.Single
            && run.Values[0] <= 30
            && NextSignificant(tokens, run.Last, +1) is var n
            && n >= 0
            && tokens[n].Is(ClaimKind.TypeTag)
        );
        if (typed is not null && facts.Season is null)
        {
            facts.Season = typed.Values[0];
            MarkUsed(used, typed);
            return;
        }

        var first = FirstContent(tokens);
        var chosen =
            eligible.Find(run => IsAfterSeparator(tokens, run))
            ?? eligible.Find(run =>
                run.First == first && IsLeadingEpisode(context, tokens, run, facts)
            )
            ?? ChooseInner(tokens, eligible.Where(run => run.First != first).ToList());
        if (chosen is null)
        {
            return;
        }

        MarkUsed(used, chosen);
        if (chosen.Decimal)
        {
            facts.EpisodeMarker = true;
            return;
        }

        if (PairedNumber(tokens, runs, chosen) is { } paired)
        {
            MarkUsed(used, paired);
            ReadPair(context, tokens, chosen, paired, facts);
            return;
        }

        if (
            DecodeSeasonEpisode(context, tokens, chosen, facts, seasonHint) is var (season, episode)
        )
        {
            facts.Season ??= season;
            facts.Episodes.Add(episode);
            return;
        }

        AddAll(facts.Episodes, chosen.Values);
    }

    private static bool IsEligible(
        List<Token> tokens,
        NumberRun run,
        SegmentFacts facts,
        int firstTechnical
    )
    {
        if (firstTechnical >= 0 && run.Last > firstTechnical)
        {
            return false;
        }

        // Inside brackets only alone: "[07]", "(01-04)"; not "(Part 1)" or "(720p 8 bit)".
        var pair = tokens[run.First].Pair;
        if (
            pair >= 0
            && !(
                tokens[run.First - 1].Kind == TokenKind.Open
                && run.Last + 1 < tokens.Count
                && tokens[run.Last + 1].Kind == TokenKind.Close
            )
        )
        {
            return false;
        }

        if (run.Decimal || !run.Single)
        {
            return true;
        }

        var previous = NextSignificant(tokens, run.First, -1);
        if (
            previous >= 0
            && tokens[previous].IsWord
            && tokens[previous].Text is var word
            && (
                word.Equals("Movie", StringComparison.OrdinalIgnoreCase)
                || word.Equals("Film", StringComparison.OrdinalIgnoreCase)
            )
        )
        {
            return false; // "One Piece Movie 9" names a film.
        }

        var next = NextSignificant(tokens, run.Last, +1);
        if (next >= 0 && tokens[next].Is(ClaimKind.Year) && tokens[next].Pair < 0 && pair < 0)
        {
            return false; // "Bad Santa 2 2016"
        }

        // A lone digit in a scene name is part of the title ("FooBar.7.PDTV", "Die.Schluempfe.2.German").
        return facts.AnimeStyle
            || tokens[run.First].Text.Length > 1
            || pair >= 0
            || IsAfterSeparator(tokens, run);
    }

    private static bool IsAfterSeparator(List<Token> tokens, NumberRun run) =>
        run.First > 0
        && tokens[run.First - 1] is { Kind: TokenKind.Dash, Spaced: true }
        && HasWordBefore(tokens, run.First - 1);

    private static bool HasWordBefore(List<Token> tokens, int k) =>
        tokens.Take(k).Any(token => token.IsWord && token.Text.Any(char.IsLetter));

    // "01 - Ep Name", "003. Show Name", "03-Criminal.Minds", "[NoobSubs] 06 Sword Art Online II".
    private static bool IsLeadingEpisode(
        ClaimContext context,
        List<Token> tokens,
        NumberRun run,
        SegmentFacts facts
    )
    {
        if (
            run.Decimal
            || !tokens
                .Skip(run.Last + 1)
                .Any(token => token.IsWord && token.Text.Any(char.IsLetter))
            || context.Claims.All.Any(claim => claim.Kind == ClaimKind.Year)
        )
        {
            return false;
        }

        var after = run.Last + 1 < tokens.Count ? tokens[run.Last + 1] : null;
        var text = context.Text;
        var end = tokens[run.Last].End;
        return after is { Kind: TokenKind.Dash } dash
                && (dash.Spaced || (run.Last + 2 < tokens.Count && tokens[run.Last + 2].IsWord))
            || (end + 1 < text.Length && text[end] == '.' && text[end + 1] == ' ')
            || (facts.AnimeStyle && after is { IsWord: true });
    }

    // Prefer a number right before the technical part ("Title 2 Something 05 [720p]"), else the last.
    private static NumberRun? ChooseInner(List<Token> tokens, List<NumberRun> eligible)
    {
        var candidates = eligible
            .Where(run => !IsTitleNumberBeforeSubtitle(tokens, run, eligible))
            .ToList();
        return candidates.Find(run => IsTerminal(tokens, run)) ?? candidates.LastOrDefault();
    }

    // "Rozen Maiden 3 - PV", "Fairy Tail 2 - 52": a number followed by " - " belongs to the title
    // when it is one digit or another number comes later.
    private static bool IsTitleNumberBeforeSubtitle(
        List<Token> tokens,
        NumberRun run,
        List<NumberRun> eligible
    ) =>
        run.Last + 1 < tokens.Count
        && tokens[run.Last + 1] is { Kind: TokenKind.Dash, Spaced: true }
        && (tokens[run.First].Text.Length == 1 || eligible.Any(other => other.First > run.Last));

    private static bool IsTerminal(List<Token> tokens, NumberRun run)
    {
        for (var j = run.Last + 1; j < tokens.Count; j++)
        {
            switch (tokens[j].Kind)
            {
                case TokenKind.Dash:
                    continue;
                case TokenKind.Claim or TokenKind.Open:
                    return true;
                case TokenKind.Word:
                    if (tokens[j].HasLetterOrDigit)
                    {
                        return false;
                    }

                    continue;
                case TokenKind.Close:
                    continue;
                default:
                    throw new InvalidOperationException($"Unknown token kind {tokens[j].Kind}.");
            }
        }

        return true;
    }

    /// <summary>"002 (100)", "16-20 (191-195)": a bracketed number right after the episode is the other numbering.</summary>
    private static NumberRun? PairedNumber(
        List<Token> tokens,
        List<NumberRun> runs,
        NumberRun chosen
    )
    {
        var open = chosen.Last + 1;
        if (open >= tokens.Count || tokens[open].Kind != TokenKind.Open || tokens[open].Pair < 0)
        {
            return null;
        }

        var paired = runs.Find(run => run.First == open + 1 && !run.Decimal);
        if (
            paired is null
            || paired.Last + 1 >= tokens.Count
            || tokens[paired.Last + 1].Kind != TokenKind.Close
            || paired.Values.Count != chosen.Values.Count
        )
        {
            return null;
        }

        // "BLUE DROP 10 (1).avi": a (1) closing the name is a copy counter.
        var isLast = !tokens
            .Skip(paired.Last + 2)
            .Any(token => token.Kind is TokenKind.Word or TokenKind.Claim);
        return isLast && paired.Values[0] < 10 ? null : paired;
    }

    private static void ReadPair(
        ClaimContext context,
        List<Token> tokens,
        NumberRun chosen,
        NumberRun paired,
        SegmentFacts facts
    )
    {
        _ = context;
        var outer = chosen.Values[0];
        var inner = paired.Values[0];
        if (
            chosen.Single
            && tokens[chosen.First].Text.Length == 3
            && outer / 100 >= 1
            && outer % 100 == inner
        )
        {
            facts.Season ??= outer / 100; // Duckman "101 (01)": season 1, episode 1.
            facts.Episodes.Add(inner);
            return;
        }

        var (episodes, absolute) = outer <= inner ? (chosen, paired) : (paired, chosen);
        AddAll(facts.Episodes, episodes.Values);
        AddAll(facts.AbsoluteEpisodes, absolute.Values);
    }

    /// <summary>"new.girl.117.hdtv" is S01E17; fansub "Bleach 225" and "One Piece - 1080" are not.</summary>
    private static (int Season, int Episode)? DecodeSeasonEpisode(
        ClaimContext context,
        List<Token> tokens,
        NumberRun run,
        SegmentFacts facts,
        int? seasonHint
    )
    {
        if (!run.Single)
        {
            return null;
        }

        var text = tokens[run.First].Text;
        var number = run.Values[0];
        if (seasonHint is { } hint && text.Length >= 3 && number / 100 == hint)
        {
            return (hint, number % 100);
        }

        if (facts.AnimeStyle || facts.Season is not null || tokens[run.First].Pair >= 0)
        {
            return null;
        }

        var followedByTechnical =
            NextSignificant(tokens, run.Last, +1) is var next and >= 0
            && tokens[next].Claim is { } claim
            && IsTechnical(claim.Kind);
        _ = context;
        return text.Length switch
        {
            3 when text[0] != '0' => (number / 100, number % 100),
            4 when followedByTechnical && number / 100 is >= 1 and <= 40 && number % 100 >= 1 => (
                number / 100,
                number % 100
            ),
            _ => null,
        };
    }

    private static void MarkUsed(HashSet<int> used, NumberRun run)
    {
        for (var k = run.First; k <= run.Last; k++)
        {
            used.Add(k);
        }
    }

    private static void AddAll(List<int> list, IEnumerable<int> values)
    {
        foreach (var value in values)
        {
            if (!list.Contains(value))
            {
                list.Add(value);
            }
        }
    }
}
