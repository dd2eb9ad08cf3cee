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
}
