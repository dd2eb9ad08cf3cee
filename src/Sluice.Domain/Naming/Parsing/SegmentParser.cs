namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Parses one path segment in stages: claim what patterns recognise, keep context-dependent
/// words only where context supports them, pick the year, read episode numbers (explicit markers
/// first, bare numbers by position), then take the title from what is left before the first
/// marker and the release group from its usual places.
/// </summary>
internal static partial class SegmentParser
{
    public static SegmentFacts Parse(string text, int? seasonHint) =>
        Parse(text, seasonHint, groupMayBeTitle: true);

    private static SegmentFacts Parse(string text, int? seasonHint, bool groupMayBeTitle)
    {
        var context = new ClaimContext(Unwrap(text.Trim()));
        Claimers.Run(context);
        var facts = new SegmentFacts { AnimeStyle = IsAnimeStyle(context) };
        ChooseYear(context);
        DropTitleNumbering(context, facts);
        ConfirmWeakClaims(context);
        ClaimBareResolution(context);
        var tokens = Tokenizer.Build(context);
        CollectClaims(context, facts);
        facts.BracketedTechnical = context.Claims.All.Any(claim =>
            !claim.Weak && IsTechnical(claim.Kind) && context.Enclosures.PairAt(claim.Start) >= 0
        );
        var used = ReadEpisodes(context, tokens, facts, seasonHint);
        int titleEnd;
        if (facts.GroupIsTitle)
        {
            titleEnd = used.Max();
            TitleFromGroupBracket(context, facts);
        }
        else
        {
            titleEnd = ReadTitle(context, tokens, used, facts);
            if (
                facts.Title is null
                && groupMayBeTitle
                && LeadingGroup(context)?.Value is { } group
                && group.Any(char.IsWhiteSpace)
            )
            {
                TitleFromGroupBracket(context, facts);
            }
        }

        ReadGroup(context, tokens, used, titleEnd, facts);
        ReadEpisodeTitle(context, tokens, used, facts);
        facts.Kind = DecideKind(facts);
        return facts;
    }

    // "[ Engineering Catastrophes S02E10 1080p AMZN WEB-DL DD+ 2.0 x264-TrollHD ]": a name
    // wrapped whole in brackets is still a name.
    private static string Unwrap(string text)
    {
        while (text.Length > 2)
        {
            var pairs = Enclosures.Find(text).Pairs;
            if (pairs.Count == 0 || pairs[0].Open != 0 || pairs[0].Close != text.Length - 1)
            {
                break;
            }

            text = text[1..^1].Trim();
        }

        return text;
    }

    private static bool IsAnimeStyle(ClaimContext context) =>
        context.Claims.All.Any(claim => claim.Kind is ClaimKind.Group or ClaimKind.Checksum)
        || Patterns.AnimeWord().IsMatch(context.Text);

    // Numbering words that name a film rather than split a release: fansub titles keep their
    // parts ("Tamayura Movie Part 1") and films their volumes ("Kill.Bill.Vol.1.2003"); a part
    // right before the year is the film's ("Deathly.Hallows.Part.2.2011"). Scene names cut the
    // other parts off ("The Godfather Part 3").
    private static void DropTitleNumbering(ClaimContext context, SegmentFacts facts)
    {
        var year = context.Claims.All.FirstOrDefault(claim => claim.Kind == ClaimKind.Year);
        var tokens = Tokenizer.Build(context);
        foreach (var claim in context.Claims.All.ToList())
        {
            var beforeYear =
                year is not null
                && NextSignificant(tokens, tokens.FindIndex(token => token.Claim == claim), +1)
                    is var next
                        and >= 0
                && tokens[next].Claim == year;
            var drop =
                (claim.Kind == ClaimKind.Part && (facts.AnimeStyle || beforeYear))
                || (claim.Kind == ClaimKind.Volume && !facts.AnimeStyle);
            if (drop)
            {
                context.Claims.Remove(claim);
            }
        }
    }

    private static void CollectClaims(ClaimContext context, SegmentFacts facts)
    {
        string? weakResolution = null;
        foreach (var claim in context.Claims.Ordered())
        {
            switch (claim.Kind)
            {
                case ClaimKind.Resolution when claim.Weak:
                    weakResolution ??= claim.Value;
                    break;
                case ClaimKind.Resolution:
                    facts.Resolution ??= claim.Value;
                    facts.Evidence++;
                    break;
                case ClaimKind.Source:
                    facts.Source ??= claim.Value;
                    facts.Evidence++;
                    break;
                case ClaimKind.VideoCodec:
                    facts.VideoCodec ??= claim.Value;
                    facts.Evidence++;
                    break;
                case ClaimKind.Audio
                or ClaimKind.VideoTag
                or ClaimKind.Date
                or ClaimKind.Year
                or ClaimKind.Checksum:
                    facts.Evidence++;
                    facts.Checksum ??= claim.Kind == ClaimKind.Checksum ? claim.Value : null;
                    facts.AirDate ??= claim.Date;
                    facts.Year ??= claim.Kind == ClaimKind.Year ? claim.Number : null;
                    break;
                case ClaimKind.Language:
                    AddOnce(facts.Languages, claim.Value);
                    break;
                case ClaimKind.Subtitle:
                    AddOnce(facts.SubtitleTags, claim.Value);
                    break;
                case ClaimKind.Version:
                    facts.Version ??= claim.Number;
                    break;
                case ClaimKind.Special:
                    facts.EpisodeMarker = true;
                    break;
                case ClaimKind.Bonus:
                    facts.HasBonus = true;
                    break;
                case ClaimKind.Film:
                    facts.HasFilmNumber = true;
                    break;
                case ClaimKind.Episode or ClaimKind.Season:
                    facts.Evidence++;
                    break;
                case ClaimKind.Group
                or ClaimKind.PrefixGroup
                or ClaimKind.Website
                or ClaimKind.Junk
                or ClaimKind.Size
                or ClaimKind.Bitrate
                or ClaimKind.Fps
                or ClaimKind.Container
                or ClaimKind.Tag
                or ClaimKind.Edition
                or ClaimKind.Streaming
                or ClaimKind.TypeTag
                or ClaimKind.Volume
                or ClaimKind.Disc
                or ClaimKind.Part:
                    break;
                default:
                    throw new InvalidOperationException($"Unknown claim kind {claim.Kind}.");
            }
        }

        // "4K" counts only when nothing says the lines outright.
        facts.Resolution ??= weakResolution;
    }

    private static MediaKind DecideKind(SegmentFacts facts)
    {
        // "Band_of_Brothers-x02-..." is a bonus of a show; "Moon_(2009)-x02-Making_Of" one of a film.
        var showBonus = facts.HasBonus && facts.Year is null && !facts.HasFilmNumber;
        if (facts.Season is not null || facts.HasEpisodeNumbers || facts.EpisodeMarker || showBonus)
        {
            return MediaKind.Episode;
        }

        // A dated name is a daily show, unless a release year says it is a film ("09.03.08.The.Doors.(1991)").
        if (facts.AirDate is not null && facts.Year is null)
        {
            return MediaKind.Episode;
        }

        return facts.Title is null ? MediaKind.Unknown : MediaKind.Movie;
    }

    private static void AddOnce(List<string> list, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !list.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(value);
        }
    }
}
