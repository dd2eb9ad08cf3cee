namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Episode numbers: explicit markers first; otherwise bare numbers by position ("Title - 07",
/// "01 - Title", "Title 225 [..]"), with three-digit scene numbers read as season and episode
/// ("show.117.hdtv") outside fansub names, where they are absolute numbers.
/// </summary>
internal static partial class SegmentParser
{
    private const int MaxRange = 200;

    // Words that make the following number part of a title: "One Piece Movie 9", "Part 2", "No 6".
    private static readonly HashSet<string> NumberedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Movie",
        "Film",
        "Part",
        "Vol",
        "Volume",
        "No",
        "Nr",
        "Chapter",
    };

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

        // "Friends.S01-S10", "07.5", "OP4a": an episode marker without a usable number.
        facts.EpisodeMarker |= markers.Count > 0;
        if (facts.Season is { } season && season >= 1900 && facts.Year is null)
        {
            facts.Year = season; // "Pawn.Stars.S2014E18": the season is the year.
        }

        var runs = FindRuns(context, tokens);
        if (facts.Episodes.Count > 0)
        {
            var marker = seasoned.Count > 0 ? seasoned[0] : seasonless[0];
            ReadAbsoluteBesideMarker(
                tokens,
                runs,
                tokens.FindIndex(token => token.Claim == marker),
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
            if (
                IsPartialEpisode(tokens[k])
                || (
                    IsFraction(tokens[k])
                    && k > 0
                    && tokens[k - 1] is { Kind: TokenKind.Dash, Spaced: true }
                )
            )
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
                    && tokens[j] is { Kind: TokenKind.Dash, Spaced: false }
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

    private static bool IsListJoin(string between) =>
        between.Length <= 5
        && between.Count(c => c is '+' or '&') == 1
        && between.All(c => c is '+' or '&' or ' ' or '.' or '_');

    // "07.5", "04.1", "111C", "09a": a recap, a split or a half episode, not episode 7.
    private static bool IsPartialEpisode(Token token)
    {
        var text = token.Text;
        if (!token.IsWord || text.Length < 3 || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        var fraction =
            text.Length == 4
            && text[0] == '0'
            && char.IsAsciiDigit(text[1])
            && text[2] == '.'
            && char.IsAsciiDigit(text[3]);
        var lettered =
            text.Length <= 5
            && char.ToLowerInvariant(text[^1]) is >= 'a' and <= 'd'
            && text[..^1].All(char.IsAsciiDigit);
        return fraction || lettered;
    }

    // "- 48.5": any fraction where the episode number goes.
    private static bool IsFraction(Token token) =>
        token.IsWord
        && token.Text.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 and <= 4
        && dot == token.Text.Length - 2
        && token.Text.Remove(dot, 1).All(char.IsAsciiDigit);

    /// <summary>"Bleach - s16e03-04 - 313-314", "s10e15(233)": a second numbering next to the explicit one.</summary>
    private static void ReadAbsoluteBesideMarker(
        List<Token> tokens,
        List<NumberRun> runs,
        int marker,
        SegmentFacts facts,
        HashSet<int> used
    )
    {
        // "Title - 07 (S01E07)": the bare number repeats the marker's episode.
        foreach (
            var run in runs.Where(run =>
                !run.Decimal
                && run.Last < marker
                && IsAfterSeparator(tokens, run)
                && run.Values.SequenceEqual(facts.Episodes)
            )
        )
        {
            MarkUsed(used, run);
        }

        foreach (var run in runs.Where(run => !run.Decimal && run.First > 0))
        {
            var matchesCount = run.Values.Count == facts.Episodes.Count && run.Values.Count > 1;
            var large = run.Values[0] >= 100 && run.Values[0] > facts.Episodes[^1];
            var afterMarker = NextSignificant(tokens, marker, +1) == run.First;
            var beforeMarker = NextSignificant(tokens, run.Last, +1) == marker;

            // "The.100.S01E13": a single number before the marker is the title's.
            if (
                (matchesCount && (afterMarker || beforeMarker || IsAfterSeparator(tokens, run)))
                || (large && afterMarker)
            )
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
        // "Piano no Mori 2 (TV)": a small number before the TV tag is the season.
        var typed = runs.Find(run =>
            run.Single
            && run.Values[0] <= 30
            && NextSignificant(tokens, run.Last, +1) is var next and >= 0
            && tokens[next].Is(ClaimKind.TypeTag)
        );
        if (typed is not null && facts.Season is null)
        {
            facts.Season = typed.Values[0];
            MarkUsed(used, typed);
            return;
        }

        var firstWord = tokens.FindIndex(token => token.IsWord && token.Text.Any(char.IsLetter));
        var firstTechnical = tokens.FindIndex(
            Math.Max(firstWord, 0),
            token =>
                token.Claim is { } claim
                && IsTechnical(claim.Kind)
                && claim.Kind != ClaimKind.Language
        );
        var noClaims = !context.Claims.All.Any(claim =>
            claim.Kind
                is not (
                    ClaimKind.Junk
                    or ClaimKind.Website
                    or ClaimKind.Group
                    or ClaimKind.PrefixGroup
                )
        );
        var first = FirstContent(tokens);
        var eligible = runs.Where(run =>
                IsEligible(
                    tokens,
                    run,
                    facts,
                    firstTechnical,
                    noClaims && run.First != first && !MatchesHint(tokens, run, seasonHint)
                )
            )
            .ToList();
        var chosen =
            eligible.Find(run => IsAfterSeparator(tokens, run))
            ?? eligible.Find(run =>
                run.First == first && IsLeadingEpisode(context, tokens, run, facts)
            )
            ?? ChooseInner(tokens, eligible.Where(run => run.First != first).ToList());

        // "[Keroro].148.[Xvid.mp3]": nothing but a number after the group; the group names the show.
        if (
            chosen is null
            && eligible.Find(run => run.First == first && !run.Decimal) is { } only
            && context.Claims.All.Any(claim => claim.Kind == ClaimKind.Group)
            && (tokens[only.First].Text.Length >= 2 || tokens[only.First].Pair >= 0)
            && !tokens
                .Skip(only.Last + 1)
                .Take(Math.Max(firstTechnical - only.Last - 1, 0))
                .Any(token => token.IsWord && token.Text.Any(char.IsLetter) && token.Pair < 0)
        )
        {
            chosen = only;
            facts.GroupIsTitle = true;
        }

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
            ReadPair(tokens, chosen, paired, facts);
            return;
        }

        if (DecodeSeasonEpisode(tokens, chosen, facts, seasonHint) is var (season, episode))
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
        int firstTechnical,
        bool noClaims
    )
    {
        if (firstTechnical >= 0 && run.Last > firstTechnical && !IsAfterSeparator(tokens, run))
        {
            return false;
        }

        // "x02-60_Minutes_Interview": numbers in an extra's own title.
        if (tokens.Take(run.First).Any(token => token.Is(ClaimKind.Bonus)))
        {
            return false;
        }

        // Inside brackets only alone: "[07]", "(01-04)", "[24（END）]"; not "(Part 1)" or "(720p 8 bit)".
        var pair = tokens[run.First].Pair;
        if (pair >= 0 && !IsAloneInBracket(tokens, run))
        {
            return false;
        }

        if (run.Decimal || !run.Single)
        {
            return true;
        }

        var text = tokens[run.First].Text;
        if (text.Length == 4 && Claimers.Int(text) is >= 1900 and <= 2099)
        {
            return false; // a year-like number that lost to the real year: "Paris 2054, Renaissance (2005)"
        }

        var previous = NextSignificant(tokens, run.First, -1);
        if (
            previous >= 0
            && previous == run.First - 1
            && tokens[previous].IsWord
            && NumberedWords.Contains(tokens[previous].Text)
        )
        {
            return false;
        }

        var next = NextSignificant(tokens, run.Last, +1);
        if (next >= 0 && tokens[next].Is(ClaimKind.Year) && tokens[next].Pair < 0 && pair < 0)
        {
            return false; // "Bad Santa 2 2016"
        }

        // With nothing technical in the name, "The iDOLM@STER 765 Pro" and "OSS_117--Cairo" are titles.
        if (
            noClaims
            && pair < 0
            && !IsAfterSeparator(tokens, run)
            && !facts.AnimeStyle
            && text.Length >= 3
            && tokens.Skip(run.Last + 1).Any(token => token.IsWord && token.Text.Any(char.IsLetter))
        )
        {
            return false;
        }

        // A lone digit in a scene name is part of the title ("FooBar.7.PDTV", "Die.Schluempfe.2.German").
        return facts.AnimeStyle || text.Length > 1 || pair >= 0 || IsAfterSeparator(tokens, run);
    }

    private static bool MatchesHint(List<Token> tokens, NumberRun run, int? seasonHint) =>
        seasonHint is { } hint
        && run.Single
        && tokens[run.First].Text.Length >= 3
        && run.Values[0] / 100 == hint;

    private static bool IsAloneInBracket(List<Token> tokens, NumberRun run)
    {
        var pair = tokens[run.First].Pair;
        if (
            run.First == 0
            || tokens[run.First - 1].Kind != TokenKind.Open
            || tokens[run.First - 1].Pair != pair
        )
        {
            return false;
        }

        for (var k = run.Last + 1; k < tokens.Count; k++)
        {
            if (tokens[k].Kind == TokenKind.Close && tokens[k].Pair == pair)
            {
                return true;
            }

            if (tokens[k].IsWord && tokens[k].HasLetterOrDigit && !IsEndWord(tokens[k].Text))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsEndWord(string word) =>
        word.Equals("END", StringComparison.OrdinalIgnoreCase)
        || word.Equals("FINAL", StringComparison.OrdinalIgnoreCase);

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
        return (
                after is { Kind: TokenKind.Dash } dash
                && (dash.Spaced || (run.Last + 2 < tokens.Count && tokens[run.Last + 2].IsWord))
            )
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
                case TokenKind.Dash or TokenKind.Close:
                    continue;
                case TokenKind.Claim or TokenKind.Open:
                    return true;
                case TokenKind.Word when tokens[j].HasLetterOrDigit:
                    return false;
                case TokenKind.Word:
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
        if (open >= tokens.Count || tokens[open].Kind != TokenKind.Open)
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

        // "BLUE DROP 10 (1).avi": a small number closing the name is a copy counter.
        var isLast = !tokens
            .Skip(paired.Last + 2)
            .Any(token => token.Kind is TokenKind.Word or TokenKind.Claim);
        return isLast && paired.Values[0] < 10 ? null : paired;
    }

    private static void ReadPair(
        List<Token> tokens,
        NumberRun chosen,
        NumberRun paired,
        SegmentFacts facts
    )
    {
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

        // The smaller numbering counts within the season, the larger from the series start.
        var (episodes, absolute) = outer <= inner ? (chosen, paired) : (paired, chosen);
        AddAll(facts.Episodes, episodes.Values);
        AddAll(facts.AbsoluteEpisodes, absolute.Values);
    }

    /// <summary>"new.girl.117.hdtv" is S01E17; fansub "Bleach 225" and "One Piece - 1080" are not.</summary>
    private static (int Season, int Episode)? DecodeSeasonEpisode(
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

        // "Bleach - 366 - Title": after a dash it is the number of the episode, not season 3.
        if (
            IsAfterSeparator(tokens, run)
            || facts.AnimeStyle
            || facts.BracketedTechnical
            || facts.Season is not null
            || tokens[run.First].Pair >= 0
        )
        {
            return null;
        }

        var followedByTechnical =
            NextSignificant(tokens, run.Last, +1) is var next and >= 0
            && tokens[next].Claim is { } claim
            && IsTechnical(claim.Kind);
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
