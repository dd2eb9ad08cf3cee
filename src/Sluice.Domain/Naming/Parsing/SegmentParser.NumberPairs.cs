namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Two numberings at once: "002 (100)" and "101 (01)"; and the scene habit of writing S01E17
/// as "117" outside fansub names, where three digits are an absolute number.
/// </summary>
internal static partial class SegmentParser
{
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
        var threeDigits = text.Length == 3 && text[0] != '0';
        var fourDigits =
            text.Length == 4
            && followedByTechnical
            && number / 100 is >= 1 and <= 40
            && number % 100 >= 1;
        return threeDigits || fourDigits ? (number / 100, number % 100) : null;
    }
}
