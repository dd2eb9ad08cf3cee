namespace Sluice.Domain.Naming.Parsing;

/// <summary>Token navigation and claim classes shared by the stages, and bare resolutions ("[720]", "720.HDTV").</summary>
internal static partial class SegmentParser
{
    private static readonly HashSet<int> BareResolutions =
    [
        360,
        480,
        540,
        576,
        720,
        1080,
        1440,
        2160,
    ];

    // "[720]", "[BD-1080]", "720.HDTV": a bare line count next to technical words.
    private static void ClaimBareResolution(ClaimContext context)
    {
        if (context.Claims.All.Any(claim => claim.Kind == ClaimKind.Resolution && !claim.Weak))
        {
            return;
        }

        var tokens = Tokenizer.Build(context);
        var confirmed = tokens.Select(token => token.Claim is not null).ToArray();
        for (var k = 0; k < tokens.Count; k++)
        {
            if (!tokens[k].IsNumber || !BareResolutions.Contains(Claimers.Int(tokens[k].Text)))
            {
                continue;
            }

            var alone =
                k > 0
                && k + 1 < tokens.Count
                && tokens[k - 1].Kind == TokenKind.Open
                && tokens[k + 1].Kind == TokenKind.Close;
            if (
                alone
                || IsTechnicalNeighbour(tokens, confirmed, k, -1)
                || IsTechnicalNeighbour(tokens, confirmed, k, +1)
            )
            {
                context.Claims.TryAdd(
                    new Claim(tokens[k].Start, tokens[k].End, ClaimKind.Resolution)
                    {
                        Value = tokens[k].Text + "p",
                    }
                );
                return;
            }
        }
    }

    /// <summary>Index of the first token that is content: a word with letters or digits, or a claim other than a group or junk.</summary>
    private static int FirstContent(List<Token> tokens) =>
        tokens.FindIndex(token =>
            (token.IsWord && token.HasLetterOrDigit)
            || (
                token.Claim is { } claim
                && claim.Kind
                    is not (
                        ClaimKind.Group
                        or ClaimKind.PrefixGroup
                        or ClaimKind.Website
                        or ClaimKind.Junk
                    )
            )
        );

    /// <summary>The next word or claim from <paramref name="k"/> in <paramref name="direction"/>, skipping dashes and brackets; -1 if none.</summary>
    private static int NextSignificant(List<Token> tokens, int k, int direction)
    {
        for (var j = k + direction; j >= 0 && j < tokens.Count; j += direction)
        {
            if (
                tokens[j].Kind == TokenKind.Claim
                || (tokens[j].IsWord && tokens[j].HasLetterOrDigit)
            )
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>Claims that end a title: everything but groups, junk and small markers.</summary>
    private static bool IsMarker(ClaimKind kind) =>
        kind
            is not (
                ClaimKind.Group
                or ClaimKind.PrefixGroup
                or ClaimKind.Website
                or ClaimKind.Junk
                or ClaimKind.Checksum
                or ClaimKind.Version
                or ClaimKind.Year
            );

    private static bool IsTechnical(ClaimKind kind) =>
        kind
            is ClaimKind.Resolution
                or ClaimKind.Source
                or ClaimKind.VideoCodec
                or ClaimKind.Audio
                or ClaimKind.VideoTag
                or ClaimKind.Container
                or ClaimKind.Tag
                or ClaimKind.Edition
                or ClaimKind.Subtitle
                or ClaimKind.Size
                or ClaimKind.Bitrate
                or ClaimKind.Fps
                or ClaimKind.Streaming
                or ClaimKind.Language;
}
