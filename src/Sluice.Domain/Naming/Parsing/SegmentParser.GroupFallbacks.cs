namespace Sluice.Domain.Naming.Parsing;

/// <summary>Where else a group hides when no "-GROUP" ends the name, and how a found group is cleaned.</summary>
internal static partial class SegmentParser
{
    // "HDTV.x264.CZ-SDTV", "WebUHD.x264-UHDTV": a group named like a source, after the real source.
    private static string? DuplicateTagGroup(ClaimContext context, List<Token> tokens)
    {
        var last = tokens.FindLastIndex(token =>
            token.Kind is TokenKind.Word or TokenKind.Claim
            && !(token.Claim is { } claim && IsIgnorable(claim.Kind))
        );
        if (
            last < 2
            || tokens[last].Claim is not { Kind: ClaimKind.Source } claim
            || tokens[last - 1] is not { Kind: TokenKind.Dash, Spaced: false }
            || !tokens.Take(last).Any(token => token.Claim?.Kind == claim.Kind)
        )
        {
            return null;
        }

        return context.Text[tokens[last].Start..tokens[last].End];
    }

    // "x264-Belex.-.Dual.Audio", "X264-HiS@SiLUHD-English": a dashed group followed by more tags.
    private static string? DashGroupBeforeTags(
        ClaimContext context,
        List<Token> tokens,
        int titleEnd
    )
    {
        for (var k = Math.Max(titleEnd, 0) + 1; k + 1 < tokens.Count; k++)
        {
            if (
                tokens[k] is not { Kind: TokenKind.Dash, Spaced: false }
                || tokens[k - 1].Claim is not { } claim
                || !IsTechnical(claim.Kind)
                || !tokens[k + 1].IsWord
            )
            {
                continue;
            }

            var last = k + 1;
            while (
                last + 2 < tokens.Count
                && tokens[last + 1] is { Kind: TokenKind.Dash, Spaced: false }
                && tokens[last + 2].IsWord
            )
            {
                last += 2;
            }

            var after = last + 1 < tokens.Count ? tokens[last + 1] : null;
            if (after is null or { Kind: TokenKind.Dash } or { Kind: TokenKind.Claim })
            {
                return context.Text[tokens[k + 1].Start..tokens[last].End];
            }
        }

        return null;
    }

    // "Juuousei_-_01_[Black_Sheep][HDTV_H264_AAC]", "Title - 01 [h-b]".
    private static string? BracketGroup(
        ClaimContext context,
        List<Token> tokens,
        HashSet<int> used,
        int titleEnd,
        bool animeStyle
    )
    {
        for (var k = Math.Max(titleEnd, 0) + 1; k < tokens.Count; k++)
        {
            if (
                tokens[k].Kind != TokenKind.Open
                || !IsPlainBracket(tokens, used, k)
                || (Enclosures.IsRoundOpener(tokens[k].Text[0]) && !animeStyle)
            )
            {
                continue;
            }

            var close = CloseOf(tokens, k);
            var words = tokens.Skip(k + 1).Take(close - k - 1).Count(token => token.IsWord);
            if (words <= MaxGroupWords && close > k + 1)
            {
                return context.Text[tokens[k + 1].Start..tokens[close - 1].End];
            }
        }

        return null;
    }

    private static bool IsIgnorable(ClaimKind kind) =>
        kind
            is ClaimKind.Junk
                or ClaimKind.Website
                or ClaimKind.Checksum
                or ClaimKind.Version
                or ClaimKind.Date;

    private static bool IsIgnorableBracket(List<Token> tokens, int k)
    {
        var pair = tokens[k].Pair;
        return !tokens.Any(token =>
            token.Pair == pair && token.Kind is TokenKind.Word or TokenKind.Dash
        );
    }

    private static int OpenerIndex(List<Token> tokens, int k) =>
        tokens[k].Kind == TokenKind.Open
            ? k
            : tokens.FindIndex(token =>
                token.Kind == TokenKind.Open && token.Pair == tokens[k].Pair
            );

    // "LOL[ettv]": a bracket glued to the group word is part of it.
    private static bool IsGlued(ClaimContext context, List<Token> tokens, int k)
    {
        var index = tokens[k].Start;
        return tokens[k].Kind == TokenKind.Open
            ? index > 0 && char.IsLetterOrDigit(context.Text[index - 1])
            : OpenerIndex(tokens, k) is var open and >= 0 && IsGlued(context, tokens, open);
    }

    private static string? CleanGroup(string? group)
    {
        if (group is null)
        {
            return null;
        }

        // "by Oswald", "NTK.par-www...": prepositions around the group name.
        var words = group.Trim().Split([' ', '.', '_']);
        var first = 0;
        var last = words.Length - 1;
        while (first < last && GroupStopWords.Contains(words[first]))
        {
            first++;
        }

        while (last > first && GroupStopWords.Contains(words[last]))
        {
            last--;
        }

        if (first > 0 || last < words.Length - 1)
        {
            var start = group.IndexOf(words[first], StringComparison.Ordinal);
            var end = group.LastIndexOf(words[last], StringComparison.Ordinal) + words[last].Length;
            group = group[start..end];
        }

        group = group.Trim(' ', '-', '.', '_');
        if (group.Length > 2 && group[0] == '[' && group[^1] == ']')
        {
            group = group[1..^1];
        }

        return group.Any(char.IsLetterOrDigit) ? group : null;
    }
}
