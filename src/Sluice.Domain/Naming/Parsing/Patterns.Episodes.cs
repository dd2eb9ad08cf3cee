using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>Season and episode markers. Continuations (ranges, lists, versions) are \G patterns applied after a head.</summary>
internal static partial class Patterns
{
    private const string SeasonNumber = @"(?<s>\d{1,3}|(?:19|20)\d{2})";

    // S01E02, s03-e01, S06xE01, S01.E03, S16 - E29, s03-x01
    [GeneratedRegex(
        B + @"S" + SeasonNumber + @"(?:[ ._]?-[ ._]?|[ ._])?x?[ex](?<e>\d{1,4})(?!\d)",
        Options
    )]
    public static partial Regex SeasonEpisode();

    // S03 season packs, S07D1 discs, S01-S10 and S01+S02 multi-season packs
    [GeneratedRegex(
        B
            + @"S"
            + SeasonNumber
            + @"(?:D\d{1,2}(?:-\d{1,2})?(?:&\d{1,2})*)?(?<more>(?:[ ._]?[-+&][ ._]?S\d{1,3})*)(?=[^\p{L}\p{N}]|$|Extras|Bonus|Complete)",
        Options
    )]
    public static partial Regex SeasonOnly();

    // 2x05, [05x07], 1940x01, "Ep 2x03"
    [GeneratedRegex(B + @"(?:Ep\.?[ ]?)?(?<s>\d{1,2}|(?:19|20)\d{2})x(?<e>\d{1,3})(?!\d)", Options)]
    public static partial Regex CrossEpisode();

    [GeneratedRegex(B + @"(?<s>\d{1,2})xAll" + E, Options)]
    public static partial Regex CrossAll();

    [GeneratedRegex(
        B
            + @"(?<k>Seasons?|Saison|Seizoen|Temporada|Temp|Tem|Stagione|Series)(?:-|[ ._]{0,2})(?<n>\d{1,4}|[IVX]{1,5}|one|two|three|four|five|six|seven|eight|nine|ten|un|deux|trois|quatre|cinq|sept|huit|neuf|dix)(?:[ ._]?of[ ._]?\d{1,2})?(?<more>(?:-\d{1,2}(?!\d)|[ ._]*(?:&|\+|to|and|,)[ ._]*\d{1,2}(?!\d))*)"
            + E,
        Options
    )]
    public static partial Regex SeasonWord();

    [GeneratedRegex(
        B
            + @"(?:(?<n>\d{1,2})(?:st|nd|rd|th)|(?<w>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))[ ._-]*Season"
            + E,
        Options
    )]
    public static partial Regex OrdinalSeason();

    [GeneratedRegex(@"第(?<n>\d{1,2})期", Options)]
    public static partial Regex CjkSeason();

    [GeneratedRegex(@"第?(?<e>\d{1,4})話", Options)]
    public static partial Regex CjkEpisode();

    [GeneratedRegex(
        B + @"(?:Episodes?|Episodio|Episódio|Épisode)[ ._+-]*(?<e>\d{1,4})(?!\d)",
        Options
    )]
    public static partial Regex EpisodeWord();

    [GeneratedRegex(B + @"Ep(?:[ ._-]|\.[ ]?)?(?<e>\d{1,4})(?!\d)", Options)]
    public static partial Regex EpisodeShort();

    [GeneratedRegex(B + @"E(?<e>\d{1,4})(?!\d)", Options)]
    public static partial Regex EpisodeLetter();

    [GeneratedRegex(@"(?<![\p{L}\p{N}#])#(?<e>\d{1,4})(?!\d)", Options)]
    public static partial Regex EpisodeHash();

    [GeneratedRegex(B + @"(?<e>\d{1,3})[ ._]?of[ ._]?(?<t>\d{1,3})" + E, Options)]
    public static partial Regex EpisodeOf();

    // Spanish releases: "Cap.102" is season 1 episode 2, "Cap.1503_1506" a range.
    [GeneratedRegex(B + @"Cap[ ._]?(?<n>\d{3,4})(?:[_-](?<m>\d{3,4}))?" + E, Options)]
    public static partial Regex Capitulo();

    // The number glued to an anime type ("ED2", "SP01", "OVA_01", "OP4a"); the type stays in the title.
    [GeneratedRegex(
        @"(?<=(?<![\p{L}\p{N}])(?:OVA|OAD|ONA|OP|ED|NCOP|NCED|SP|EX|PV)[ _]?)(?<e>\d{1,3})(?<f>[a-d]|\.\d)?(?:v\d{1,2})?"
            + E,
        Options
    )]
    public static partial Regex TypedEpisode();

    // ---- continuations after a head ----

    [GeneratedRegex(@"\G-[ex]?(?<e>\d{1,4})(?!\d)", Options)]
    public static partial Regex GluedRange();

    [GeneratedRegex(@"\G[ ._]*-[ ._]*[ex](?<e>\d{1,4})(?!\d)", Options)]
    public static partial Regex SpacedRange();

    [GeneratedRegex(@"\G[ ._]?[ex](?<e>\d{1,4})(?!\d)", Options)]
    public static partial Regex ListItem();

    [GeneratedRegex(@"\Gx(?<e>\d{1,3})(?!\d)", Options)]
    public static partial Regex CrossListItem();

    [GeneratedRegex(@"\G[ ._]*[+&][ ._]*[ex]?(?<e>\d{1,4})(?!\d)", Options)]
    public static partial Regex PlusItem();

    [GeneratedRegex(@"\Gv(?<v>\d{1,2})(?!\d)", Options)]
    public static partial Regex VersionNext();

    [GeneratedRegex(@"\G\.(?<f>\d)(?![\p{L}\p{N}])", Options)]
    public static partial Regex FractionNext();

    [GeneratedRegex(@"\G-(?:Ep?)?(?<e>\d{1,4})(?!\d)", Options)]
    public static partial Regex WordRange();
}
