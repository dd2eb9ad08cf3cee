using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>Season and episode markers: S01E02 and friends, 1x02, Season 2, Episode 5, #5, 第5話, Cap.105.</summary>
internal static partial class Claimers
{
    private static void ClaimEpisodes(ClaimContext context)
    {
        ClaimHeads(context, Patterns.SeasonEpisode(), cross: false);
        ClaimHeads(context, Patterns.CrossEpisode(), cross: true);
        context.ClaimAll(
            Patterns.CrossAll(),
            match => SeasonClaim(match, Int(match.Groups["s"].Value))
        );
        context.ClaimAll(
            Patterns.OrdinalSeason(),
            match =>
                SeasonClaim(
                    match,
                    match.Groups["n"].Success
                        ? Int(match.Groups["n"].Value)
                        : Vocabulary.OrdinalWord(match.Groups["w"].Value)
                )
        );
        context.ClaimAll(Patterns.SeasonWord(), SeasonWordClaim);
        context.ClaimAll(
            Patterns.CjkSeason(),
            match => SeasonClaim(match, Int(match.Groups["n"].Value))
        );
        context.ClaimAll(Patterns.Capitulo(), CapituloClaim);
        context.ClaimAll(
            Patterns.SeasonOnly(),
            match =>
                SeasonClaim(
                    match,
                    match.Groups["more"].Length > 0 ? null : Int(match.Groups["s"].Value)
                )
        );
        context.ClaimAll(Patterns.Disc(), ClaimKind.Disc);
        context.ClaimAll(Patterns.Volume(), ClaimKind.Volume);
        context.ClaimAll(
            Patterns.EpisodeOf(),
            match =>
                Int(match.Groups["e"].Value) is var episode
                && episode <= Int(match.Groups["t"].Value)
                    ? new Claim(match.Index, match.Index + match.Length, ClaimKind.Episode)
                    {
                        Episodes = [episode],
                        Seasonless = true,
                    }
                    : null
        );
        ClaimWordEpisodes(context, Patterns.EpisodeWord());
        ClaimWordEpisodes(context, Patterns.EpisodeShort());
        ClaimWordEpisodes(context, Patterns.CjkEpisode());
        ClaimWordEpisodes(context, Patterns.EpisodeHash());
        ClaimWordEpisodes(context, Patterns.EpisodeLetter());
    }

    private static Claim SeasonClaim(Match match, int? season) =>
        new(match.Index, match.Index + match.Length, ClaimKind.Season) { Season = season };

    private static Claim? SeasonWordClaim(Match match)
    {
        var keyword = match.Groups["k"].Value;
        var text = match.Groups["n"].Value;
        var digits = char.IsDigit(text[0]);
        var season = digits ? Int(text) : Vocabulary.NumberWord(text) ?? Vocabulary.Roman(text);
        if (season is null)
        {
            return null;
        }

        // "Concert Series 2012" is a year; a three-digit season is nothing we know.
        if (
            digits
            && text.Length > 2
            && (season < 1900 || keyword.Equals("Series", StringComparison.OrdinalIgnoreCase))
        )
        {
            return null;
        }

        return SeasonClaim(match, match.Groups["more"].Length > 0 ? null : season);
    }

    private static Claim CapituloClaim(Match match)
    {
        var first = Int(match.Groups["n"].Value);
        var episodes = new List<int> { first % 100 };
        if (match.Groups["m"].Success)
        {
            AddRange(episodes, Int(match.Groups["m"].Value) % 100);
        }

        return new Claim(match.Index, match.Index + match.Length, ClaimKind.Episode)
        {
            Season = first / 100,
            Episodes = episodes,
        };
    }
}
