namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Episode numbers: explicit markers first (S01E02, 1x02, Episode 5); otherwise bare
/// numbers by position (<see cref="ReadBareEpisode"/>). A second numbering beside an explicit
/// marker is the absolute one.
/// </summary>
internal static partial class SegmentParser
{
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
