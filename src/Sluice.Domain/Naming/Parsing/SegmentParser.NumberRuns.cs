namespace Sluice.Domain.Naming.Parsing;

/// <summary>Bare numbers and their runs: "13-15", "01v2-04", "8 &amp; 10", "07.5", "111C".</summary>
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

    private static bool IsAfterSeparator(List<Token> tokens, NumberRun run) =>
        run.First > 0
        && tokens[run.First - 1] is { Kind: TokenKind.Dash, Spaced: true }
        && HasWordBefore(tokens, run.First - 1);

    private static bool HasWordBefore(List<Token> tokens, int k) =>
        tokens.Take(k).Any(token => token.IsWord && token.Text.Any(char.IsLetter));
}
