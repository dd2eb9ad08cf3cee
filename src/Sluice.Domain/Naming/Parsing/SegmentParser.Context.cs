namespace Sluice.Domain.Naming.Parsing;

/// <summary>Decisions that need the whole name: which year is the year, which weak words are technical, bare resolutions.</summary>
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

    // Edition-like tags that may sit right before the year: "Aliens.SE.1986", "Pacific.Rim.3D.2013", "Alien DC (1979)".
    private static readonly HashSet<string> BeforeYearTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "SE",
        "DC",
        "3D",
        "OM",
    };

    /// <summary>
    /// Keeps one year: one in brackets if any, else the last before the first technical marker
    /// (titles like "2001.A.Space.Odyssey.1968" and "Blade.Runner.2049.2017" carry numbers that
    /// look like years), else the first after it.
    /// </summary>
    private static void ChooseYear(ClaimContext context)
    {
        var years = context.Claims.Ordered().Where(claim => claim.Kind == ClaimKind.Year).ToList();
        if (years.Count == 0)
        {
            return;
        }

        var chosen = years.Find(year => context.Enclosures.PairAt(year.Start) >= 0);
        if (chosen is null)
        {
            var tokens = Tokenizer.Build(context);
            var first = FirstContent(tokens);
            var candidates = new List<Claim>(years);
            if (first >= 0 && tokens[first].Claim == years[0])
            {
                // A leading year is the title ("1984.DVDRip") unless it is the only year and words follow it.
                var next = NextSignificant(tokens, first, +1);
                var wordsFollow =
                    next >= 0 && tokens[next].IsWord && tokens[next].Text.Any(char.IsLetter);
                if (years.Count > 1 || !wordsFollow)
                {
                    candidates.RemoveAt(0);
                }
            }

            var firstMarker =
                context
                    .Claims.Ordered()
                    .FirstOrDefault(claim => !claim.Weak && IsMarker(claim.Kind))
                    ?.Start
                ?? int.MaxValue;
            chosen =
                candidates.LastOrDefault(year => year.End <= firstMarker)
                ?? candidates.FirstOrDefault();
        }

        foreach (var year in years)
        {
            context.Claims.Remove(year);
        }

        if (chosen is not null)
        {
            context.Claims.TryAdd(chosen with { Weak = false });
        }
    }

    /// <summary>
    /// A weak claim stands when it comes after the first unambiguous marker (outside a bracket of
    /// ordinary words), or next to a technical claim; otherwise it is a word of the title.
    /// </summary>
    private static void ConfirmWeakClaims(ClaimContext context)
    {
        var tokens = Tokenizer.Build(context);
        var firstStrong = tokens.FindIndex(token =>
            token.Claim is { Weak: false } claim
            && (IsMarker(claim.Kind) || claim.Kind == ClaimKind.Year)
        );
        var confirmed = tokens.Select(token => token.Claim is { Weak: false }).ToArray();
        var technicalPairs = TechnicalPairs(tokens);
        bool changed;
        do
        {
            changed = false;
            for (var k = 0; k < tokens.Count; k++)
            {
                if (
                    confirmed[k]
                    || tokens[k].Claim is not { Weak: true } claim
                    || IsGroupPosition(tokens, k)
                )
                {
                    continue;
                }

                var byPosition =
                    firstStrong >= 0
                    && k > firstStrong
                    && (tokens[k].Pair < 0 || technicalPairs.Contains(tokens[k].Pair));
                var byNeighbour =
                    IsTechnicalNeighbour(tokens, confirmed, k, -1)
                    || IsTechnicalNeighbour(tokens, confirmed, k, +1);
                var byYear =
                    BeforeYearTags.Contains(claim.Value ?? "")
                    && NextSignificant(tokens, k, +1) is var next and >= 0
                    && tokens[next].Is(ClaimKind.Year);
                if (byPosition || byNeighbour || byYear)
                {
                    confirmed[k] = true;
                    changed = true;
                }
            }
        } while (changed);

        for (var k = 0; k < tokens.Count; k++)
        {
            if (!confirmed[k] && tokens[k].Claim is { Weak: true } weak)
            {
                context.Claims.Remove(weak);
            }
        }
    }

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

    private static HashSet<int> TechnicalPairs(List<Token> tokens)
    {
        var ordinary = new HashSet<int>();
        var technical = new HashSet<int>();
        foreach (var token in tokens.Where(token => token.Pair >= 0))
        {
            if (token.IsWord && token.HasLetterOrDigit)
            {
                ordinary.Add(token.Pair);
            }
            else if (token.Claim is { Weak: false } claim && IsTechnical(claim.Kind))
            {
                technical.Add(token.Pair);
            }
        }

        return
        [
            .. technical.Union(
                tokens
                    .Where(token => token.Pair >= 0 && !ordinary.Contains(token.Pair))
                    .Select(token => token.Pair)
            ),
        ];
    }

    // The last word after a dash is where the group goes ("BRRIP.x264.720p-HR"), even if it spells a tag.
    private static bool IsGroupPosition(List<Token> tokens, int k)
    {
        // Only after a technical word: in "HiS@SiLUHD-English" the language follows the group.
        var previous = k - 1;
        if (
            previous < 1
            || tokens[previous].Kind != TokenKind.Dash
            || tokens[previous - 1].Claim is null
        )
        {
            return false;
        }

        for (var j = k + 1; j < tokens.Count; j++)
        {
            if (
                tokens[j].Kind == TokenKind.Word
                || (
                    tokens[j].Claim is { } claim
                    && claim.Kind is not (ClaimKind.Junk or ClaimKind.Website or ClaimKind.Checksum)
                )
            )
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTechnicalNeighbour(
        List<Token> tokens,
        bool[] confirmed,
        int k,
        int direction
    )
    {
        var j = k + direction;
        while (j >= 0 && j < tokens.Count && tokens[j].Kind == TokenKind.Dash && !tokens[j].Spaced)
        {
            j += direction;
        }

        return j >= 0
            && j < tokens.Count
            && confirmed[j]
            && tokens[j].Pair == tokens[k].Pair
            && tokens[j].Claim is { } claim
            && IsTechnical(claim.Kind);
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
