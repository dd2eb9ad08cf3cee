namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// The release group: a leading "[Group]" (fansubs), "-GROUP" after the last technical word
/// (scene), a last bare word after the technical words ("x264 CtrlHD"), or a bracket of plain
/// words after the title ("Title - 01 [h-b]").
/// </summary>
internal static partial class SegmentParser
{
    private const int MaxGroupWords = 4;

    private static void ReadGroup(
        ClaimContext context,
        List<Token> tokens,
        HashSet<int> used,
        int titleEnd,
        SegmentFacts facts
    )
    {
        if (
            context.Claims.All.FirstOrDefault(claim =>
                claim.Kind is ClaimKind.Group or ClaimKind.PrefixGroup
            ) is
            { } leading
        )
        {
            facts.Group = leading.Value;
            facts.GroupFromPrefix = leading.Kind == ClaimKind.PrefixGroup;
            return;
        }

        var group =
            TrailingGroup(context, tokens, used, titleEnd)
            ?? DashGroupBeforeTags(context, tokens, titleEnd)
            ?? BracketGroup(context, tokens, used, titleEnd, facts.AnimeStyle);
        facts.Group = CleanGroup(group);
    }

    private static string? TrailingGroup(
        ClaimContext context,
        List<Token> tokens,
        HashSet<int> used,
        int titleEnd
    )
    {
        var anchor = -1;
        for (var k = tokens.Count - 1; k >= 0; k--)
        {
            if (used.Contains(k) || (tokens[k].Claim is { } claim && !IsIgnorable(claim.Kind)))
            {
                anchor = k;
                break;
            }
        }

        if (anchor < 0)
        {
            return null;
        }

        var region = new List<int>();
        for (var k = Math.Max(anchor, titleEnd) + 1; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (token.Claim is not null || (token.IsWord && !token.HasLetterOrDigit))
            {
                continue; // trailing junk, sites, checksums, versions
            }

            region.Add(k);
        }

        // Brackets opened before the region ("... 7.1 Japanese Tigole)") close inside it.
        var regionStart = region.Count > 0 ? region[0] : tokens.Count;
        region.RemoveAll(k =>
            tokens[k].Kind is TokenKind.Close or TokenKind.Open
            && OpenerIndex(tokens, k) < regionStart
        );
        region.RemoveAll(k =>
            tokens[k].Kind is TokenKind.Open or TokenKind.Close && IsIgnorableBracket(tokens, k)
        );
        if (region.Count == 0)
        {
            return null;
        }

        var dashed = tokens[region[0]].Kind == TokenKind.Dash;
        if (dashed)
        {
            region.RemoveAt(0);
        }

        var anchorClaim = tokens[anchor].Claim;
        var technicalAnchor = anchorClaim is not null && IsTechnical(anchorClaim.Kind);
        if (
            region.Count == 0
            || (!dashed && !technicalAnchor)
            || (dashed && !technicalAnchor && tokens[region[0] - 1].Spaced)
        )
        {
            return null;
        }

        if (
            tokens[region[0]].Kind == TokenKind.Open
            && tokens[region[^1]].Kind == TokenKind.Close
            && tokens[region[0]].Pair == tokens[region[^1]].Pair
        )
        {
            region = region.GetRange(1, region.Count - 2); // "-[ZeaL]", "(Central Anime)"
        }

        var words = region.Count(k => tokens[k].IsWord);
        var spacedDash = region.Any(k => tokens[k] is { Kind: TokenKind.Dash, Spaced: true });
        if (
            words is 0 or > MaxGroupWords
            || spacedDash
            || region.Any(k =>
                tokens[k].Kind is TokenKind.Open or TokenKind.Close && !IsGlued(context, tokens, k)
            )
        )
        {
            return null;
        }

        return context.Text[tokens[region[0]].Start..tokens[region[^1]].End];
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
            if (tokens[k].Kind != TokenKind.Open || !IsPlainBracket(tokens, used, k))
            {
                continue;
            }

            if (Enclosures.IsRoundOpener(tokens[k].Text[0]) && !animeStyle)
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
        kind is ClaimKind.Junk or ClaimKind.Website or ClaimKind.Checksum or ClaimKind.Version;

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

        var words = group.Trim().Split([' ', '.', '_'], 2);
        if (words.Length == 2 && words[0] is "by" or "By" or "BY" or "par")
        {
            group = words[1];
        }

        group = group.Trim(' ', '-', '.', '_', '[', ']', '(', ')');
        return group.Any(char.IsLetterOrDigit) ? group : null;
    }

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
