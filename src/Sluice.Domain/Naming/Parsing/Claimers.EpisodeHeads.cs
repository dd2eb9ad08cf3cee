using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Marker heads and what may follow them: more episodes ("E03", "-04", "+05", "x06"), a
/// version ("v2"), a fraction (".5").
/// </summary>
internal static partial class Claimers
{
    // A range longer than this is a misread ("S01E01-2010"), not a season pack.
    private const int MaxRange = 200;

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
