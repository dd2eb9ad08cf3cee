using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>Season and episode markers: S01E02 and friends, 1x02, Season 2, Episode 5, #5, 第5話, Cap.105.</summary>
internal static partial class Claimers
{
    // A range longer than this is a misread ("S01E01-2010"), not a season pack.
    private const int MaxRange = 200;

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

    /// <summary>S01E02 / 1x02 heads with their continuations (E03, -04, +05, x06, v2).</summary>
    private static void ClaimHeads(ClaimContext context, Regex head, bool cross)
    {
        var text = context.Text;
        foreach (Match match in head.Matches(text))
        {
            var episodes = new List<int> { Int(match.Groups["e"].Value) };
            int? version = null;
            var end = Continue(text, match.Index + match.Length, episodes, ref version, cross);
            if (end < text.Length && char.IsLetter(text[end]))
            {
                continue; // "E3GAMES" is a word, not an episode.
            }

            context.Claims.TryAdd(
                new Claim(match.Index, end, ClaimKind.Episode)
                {
                    Season = Int(match.Groups["s"].Value),
                    Episodes = episodes,
                    Number = version,
                }
            );
        }
    }

    private static int Continue(
        string text,
        int end,
        List<int> episodes,
        ref int? version,
        bool cross
    )
    {
        while (end < text.Length)
        {
            Match next;
            if ((next = Patterns.VersionNext().Match(text, end)).Success)
            {
                version = Int(next.Groups["v"].Value);
            }
            else if (
                (next = Patterns.GluedRange().Match(text, end)).Success
                || (!cross && (next = Patterns.SpacedRange().Match(text, end)).Success)
            )
            {
                if (!AddRange(episodes, Int(next.Groups["e"].Value)))
                {
                    return end;
                }
            }
            else if (
                (
                    next = (cross ? Patterns.CrossListItem() : Patterns.ListItem()).Match(text, end)
                ).Success || (!cross && (next = Patterns.PlusItem().Match(text, end)).Success)
            )
            {
                AddOnce(episodes, Int(next.Groups["e"].Value));
            }
            else
            {
                return end;
            }

            end += next.Length;
        }

        return end;
    }

    /// <summary>Episode 5, Ep.05v2, ep. 1-5, #01, 第01話, E623: seasonless episode markers.</summary>
    private static void ClaimWordEpisodes(ClaimContext context, Regex head)
    {
        var text = context.Text;
        foreach (Match match in head.Matches(text))
        {
            var episodes = new List<int> { Int(match.Groups["e"].Value) };
            int? version = null;
            var fractional = false;
            var end = match.Index + match.Length;
            while (end < text.Length)
            {
                Match next;
                if ((next = Patterns.VersionNext().Match(text, end)).Success)
                {
                    version = Int(next.Groups["v"].Value);
                }
                else if ((next = Patterns.FractionNext().Match(text, end)).Success)
                {
                    fractional = true;
                }
                else if (
                    !(
                        (next = Patterns.WordRange().Match(text, end)).Success
                        && AddRange(episodes, Int(next.Groups["e"].Value))
                    )
                )
                {
                    break;
                }

                end += next.Length;
            }

            if (end < text.Length && char.IsLetter(text[end]))
            {
                continue;
            }

            context.Claims.TryAdd(
                new Claim(match.Index, end, ClaimKind.Episode)
                {
                    Episodes = fractional ? [] : episodes,
                    Fractional = fractional,
                    Seasonless = true,
                    Number = version,
                }
            );
        }
    }

    private static bool AddRange(List<int> episodes, int last)
    {
        var from = episodes[^1];
        if (last <= from || last - from > MaxRange)
        {
            return false;
        }

        for (var episode = from + 1; episode <= last; episode++)
        {
            episodes.Add(episode);
        }

        return true;
    }

    private static void AddOnce(List<int> episodes, int episode)
    {
        if (!episodes.Contains(episode))
        {
            episodes.Add(episode);
        }
    }
}
