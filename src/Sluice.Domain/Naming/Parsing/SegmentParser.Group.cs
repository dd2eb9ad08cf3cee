namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// The release group: "-GROUP" after the last technical word (scene), a leading "[Group]"
/// (fansubs), a last bare word after the technical words ("x264 CtrlHD"), or a bracket of plain
/// words after the title ("Title - 01 [h-b]").
/// </summary>
internal static partial class SegmentParser
{
    private const int MaxGroupWords = 4;

    private static readonly HashSet<string> GroupStopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by",
        "par",
    };

    private static void ReadGroup(
        ClaimContext context,
        List<Token> tokens,
        HashSet<int> used,
        int titleEnd,
        SegmentFacts facts
    )
    {
        var (trailing, dashed) = TrailingGroup(context, tokens, used, titleEnd);
        var leading = context.Claims.All.FirstOrDefault(claim =>
            claim.Kind is ClaimKind.Group or ClaimKind.PrefixGroup
        );

        // "[SGKK] Bleach 312v1 [720p/mkv]-Group", "[阿维达].Avida.2006...XViD-PROD": a scene group at
        // the end is the one that made the file; the leading bracket is a site or a tag.
        if (
            leading is not null
            && !(dashed && trailing is not null && leading.Kind == ClaimKind.Group)
        )
        {
            facts.Group = leading.Value;
            facts.GroupFromPrefix = leading.Kind == ClaimKind.PrefixGroup;
            return;
        }

        var group =
            trailing
            ?? DuplicateTagGroup(context, tokens)
            ?? DashGroupBeforeTags(context, tokens, titleEnd)
            ?? BracketGroup(context, tokens, used, titleEnd, facts.AnimeStyle);
        facts.Group = CleanGroup(group);
    }

    private static (string? Group, bool Dashed) TrailingGroup(
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
            return (null, false);
        }

        var region = new List<int>();
        for (var k = Math.Max(anchor, titleEnd) + 1; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (token.Claim is not null || (token.IsWord && !token.HasLetterOrDigit))
            {
                continue; // trailing junk, sites, checksums, versions, a closing date
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
        while (region.Count > 0 && tokens[region[^1]].Kind == TokenKind.Dash)
        {
            region.RemoveAt(region.Count - 1); // "- IMMERSE - [2011-09-19]"
        }

        if (region.Count == 0)
        {
            return (null, false);
        }

        var dashed = tokens[region[0]].Kind == TokenKind.Dash;
        var spacedDash = dashed && tokens[region[0]].Spaced;
        if (dashed)
        {
            region.RemoveAt(0);
        }

        var anchorClaim = tokens[anchor].Claim;
        var technicalAnchor = anchorClaim is not null && IsTechnical(anchorClaim.Kind);
        if (region.Count == 0 || (!dashed && !technicalAnchor) || (spacedDash && !technicalAnchor))
        {
            return (null, false);
        }

        if (
            tokens[region[0]].Kind == TokenKind.Open
            && tokens[region[^1]].Kind == TokenKind.Close
            && tokens[region[0]].Pair == tokens[region[^1]].Pair
        )
        {
            region = region.GetRange(1, region.Count - 2); // "-[ZeaL]", "(Central Anime)"
        }

        // "x264-GRP [eztv]": a tracker's tag set apart after the group.
        if (
            dashed
            && tokens[region[^1]].Kind == TokenKind.Close
            && !IsGlued(context, tokens, region[^1])
            && OpenerIndex(tokens, region[^1]) is var opener
            && region.IndexOf(opener) > 0
        )
        {
            region = region.GetRange(0, region.IndexOf(opener));
        }

        var words = region.Count(k => tokens[k].IsWord);
        var innerSpacedDash = region.Any(k => tokens[k] is { Kind: TokenKind.Dash, Spaced: true });
        if (
            words is 0 or > MaxGroupWords
            || innerSpacedDash
            || region.Any(k =>
                tokens[k].Kind is TokenKind.Open or TokenKind.Close && !IsGlued(context, tokens, k)
            )
        )
        {
            return (null, false);
        }

        return (context.Text[tokens[region[0]].Start..tokens[region[^1]].End], dashed);
    }

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
