namespace Sluice.Domain.Naming.Parsing;

/// <summary>The episode title: plain words right after the episode marker, up to the next tag.</summary>
internal static partial class SegmentParser
{
    private static void ReadEpisodeTitle(
        ClaimContext context,
        List<Token> tokens,
        HashSet<int> used,
        SegmentFacts facts
    )
    {
        var marker = tokens.FindLastIndex(token => token.Is(ClaimKind.Episode));
        if (used.Count > 0)
        {
            marker = Math.Max(marker, used.Max());
        }

        if (marker < 0 || facts.TitleAfterEpisode)
        {
            return;
        }

        var first = -1;
        var last = -1;
        for (
            var k = marker + 1;
            k < tokens.Count && tokens[k].Kind is TokenKind.Word or TokenKind.Dash;
            k++
        )
        {
            if (tokens[k].IsWord && tokens[k].HasLetterOrDigit)
            {
                first = first < 0 ? k : first;
                last = k;
            }
        }

        if (first >= 0)
        {
            facts.EpisodeTitle = TitleCleaner.Clean(
                context.Text[tokens[first].Start..tokens[last].End],
                facts.AnimeStyle
            );
        }
    }
}
