namespace Sluice.Domain.Naming.Parsing;

/// <summary>Which bare numbers can be episodes at all: not a sequel number, a year, a film number or part of a bracket of words.</summary>
internal static partial class SegmentParser
{
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
}
