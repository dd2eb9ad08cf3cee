using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// The release group at the start of a name: fansub style "[Group] Title" and lower-case scene
/// style "grp-title.2016.1080p". Claimed before anything else so that a group that looks like a
/// number or a tag ("[0x539]", "[5F]") is never read as one.
/// </summary>
internal static partial class Claimers
{
    private const int MaxGroupLength = 64;

    [GeneratedRegex(@"^(?:\d{1,4}[ _]+|[\p{L}\p{N}]{2,12}\.|[\[(])?(?=[\[(【])", Patterns.Options)]
    private static partial Regex LeadingNoise();

    [GeneratedRegex(@"^(?<g>[a-z0-9]{2,8})-(?=[a-z0-9])", Patterns.CaseSensitive)]
    private static partial Regex LowerCasePrefix();

    [GeneratedRegex(
        @"^\d+$|^S\d+E\d+|^Ep?\.?\s?\d+$|^#\d+$|^[0-9a-f]{8}$|www\.|\.(?:com|org|net|ru)$",
        Patterns.Options
    )]
    private static partial Regex NotAGroup();

    private static readonly Func<System.Text.RegularExpressions.Regex>[] TechnicalPatterns =
    [
        Patterns.Source,
        Patterns.WeakSource,
        Patterns.Resolution,
        Patterns.Dimensions,
        Patterns.VideoCodec,
        Patterns.Audio,
        Patterns.VideoTag,
        Patterns.Container,
        Patterns.Language,
        Patterns.Subtitle,
        Patterns.Tag,
        Patterns.Edition,
    ];

    private static void ClaimLeadingGroup(ClaimContext context)
    {
        var text = context.Text;
        var start = LeadingNoise().Match(text).Length;
        if (start == 1 && context.Enclosures.IsBracket(0))
        {
            start = 0; // "[(´• ω •`)]": the outer bracket is the group's, not noise.
        }

        foreach (var (open, close) in context.Enclosures.Pairs)
        {
            if (open != start)
            {
                continue;
            }

            var content = text[(open + 1)..close].Trim();
            if (close < text.Length - 1 && LooksLikeGroup(content))
            {
                context.Claims.TryAdd(
                    new Claim(open, close + 1, ClaimKind.Group) { Value = content }
                );
            }

            return;
        }

        // "blow-how.to.be.single.2016.1080p.bluray.x264": the group leads, lower case, before the first dot.
        var prefix = LowerCasePrefix().Match(text);
        if (
            prefix.Success
            && !text.Any(char.IsUpper)
            && text.IndexOf('.', StringComparison.Ordinal) > prefix.Length
        )
        {
            context.Claims.TryAdd(
                new Claim(0, prefix.Length, ClaimKind.PrefixGroup)
                {
                    Value = prefix.Groups["g"].Value,
                }
            );
        }
    }

    private static bool LooksLikeGroup(string content)
    {
        if (content.Length == 0 || content.Length > MaxGroupLength || NotAGroup().IsMatch(content))
        {
            return false;
        }

        // A bracket of nothing but technical words ("[h265 - HEVC]", "[BD]") is not a group.
        var rest = content;
        foreach (var pattern in TechnicalPatterns)
        {
            rest = pattern().Replace(rest, " ");
        }

        return rest.Any(char.IsLetterOrDigit) || !content.Any(char.IsLetterOrDigit);
    }
}
