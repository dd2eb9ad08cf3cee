namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Which bare number is the episode: the one after " - " ("Title - 07"), a leading one
/// ("01 - Title"), else the one right before the technical part ("Title 225 [720p]").
/// </summary>
internal static partial class SegmentParser
{
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
}
