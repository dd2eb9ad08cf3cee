using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// The regular expressions the claimers use, split by aspect over partial files. Every pattern is
/// anchored on letter/digit boundaries (not \b, which treats '_' as a letter), has no nested
/// quantifiers (hostile names must not backtrack), and is compiled by the source generator.
/// </summary>
internal static partial class Patterns
{
    /// <summary>Start boundary: no letter or digit before.</summary>
    public const string B = @"(?<![\p{L}\p{N}])";

    /// <summary>End boundary: no letter or digit after.</summary>
    public const string E = @"(?![\p{L}\p{N}])";

    /// <summary>End boundary that also lets a codec follow glued on ("HDTVx264", "10bitH.264").</summary>
    public const string EOrCodec = @"(?:(?![\p{L}\p{N}])|(?=[xh]\.?26[45]|xvid|divx))";

    /// <summary>End boundary of a source: also before a glued codec or line count ("BD1080p").</summary>
    public const string EOrSourceGlue =
        @"(?:(?![\p{L}\p{N}])|(?=[xh]\.?26[45]|xvid|divx|\d{3,4}[pi](?![\p{L}\p{N}])))";

    public const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    public const RegexOptions CaseSensitive =
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // ---- junk that must not become a title or group ----

    [GeneratedRegex(@"www\.[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+", Options)]
    public static partial Regex WwwSite();

    [GeneratedRegex(B + @"[\p{L}\p{N}-]+\.(?:com|org|net|ru)(?:\.ru)?" + E, Options)]
    public static partial Regex Site();

    // Usenet reposters and indexers append these to the real group ("-NTb-Scrambled").
    [GeneratedRegex(
        @"(?:[-.](?:Obfuscated|Scrambled|xpost|postbot|AsRequested|AlternativeToRequested|sample|proof|Rakuten|WhiteRev|BUYMORE|Chamele0n|GEROV|Z0iDS3N|4Planet))+$",
        Options
    )]
    public static partial Regex RepostSuffix();

    [GeneratedRegex(@"[\[(]\s?(?<c>[0-9a-f]{8})\s?[\])]", Options)]
    public static partial Regex BracketedChecksum();

    [GeneratedRegex(B + @"(?<c>[0-9A-F]{8})$", CaseSensitive)]
    public static partial Regex TrailingChecksum();

    [GeneratedRegex(B + @"\d+(?:[.,]\d+)?\s?[KMGT]i?B" + E, Options)]
    public static partial Regex Size();

    [GeneratedRegex(B + @"\d+(?:[.,]\d+)?\s?[KMG](?:bps|bits?|bit/s)" + E, Options)]
    public static partial Regex Bitrate();

    [GeneratedRegex(B + @"\d{2,3}(?:\.\d{1,3})?\s?fps" + E, Options)]
    public static partial Regex Fps();

    // ---- dates ----

    [GeneratedRegex(B + @"(?<y>(?:19|20)\d{2})[-._/](?<m>\d{1,2})[-._/](?<d>\d{1,2})" + E, Options)]
    public static partial Regex DateYmd();

    [GeneratedRegex(B + @"(?<d>\d{1,2})[-._/](?<m>\d{1,2})[-._/](?<y>(?:19|20)\d{2})" + E, Options)]
    public static partial Regex DateDmy();

    [GeneratedRegex(B + @"(?<y>(?:19|20)\d{2})(?<m>[01]\d)(?<d>[0-3]\d)" + E, Options)]
    public static partial Regex DateCompact();

    [GeneratedRegex(B + @"(?<a>\d{2})\.(?<b>\d{2})\.(?<c>\d{2})" + E, Options)]
    public static partial Regex DateShort();

    [GeneratedRegex(B + @"(?<y>(?:19|20)\d{2})" + E, Options)]
    public static partial Regex Year();

    // ---- small markers ----

    [GeneratedRegex(@"(?<=\d)v(?<v>\d{1,2})" + E, Options)]
    public static partial Regex VersionGlued();

    [GeneratedRegex(B + @"v(?<v>\d{1,2})" + E, Options)]
    public static partial Regex VersionAlone();

    [GeneratedRegex(
        B
            + @"Vol(?:ume)?[ ._]?\.?[ ]?\d{1,3}(?:v\d)?(?:[ ._]*[&-][ ._]*(?:Vol(?:ume)?[ ._]?\.?[ ]?)?\d{1,3}(?:v\d)?)*"
            + E,
        Options
    )]
    public static partial Regex Volume();

    [GeneratedRegex(
        B
            + @"(?:CD|Disc|Disk|D)[ ._]?\d{1,2}(?:[ ._]?of[ ._]?\d{1,2})?"
            + E
            + @"|"
            + B
            + @"\d{1,2}[ ._]?CDs?"
            + E,
        Options
    )]
    public static partial Regex Disc();

    [GeneratedRegex(B + @"(?:Part|Pt)[ ._]?(?<n>\d{1,2}|[IVX]{1,4})" + E, Options)]
    public static partial Regex Part();

    [GeneratedRegex(@"(?<=-)x(?<n>\d{2})(?=-|$)", Options)]
    public static partial Regex Bonus();

    [GeneratedRegex(@"(?<=-)f(?<n>\d{1,2})(?=-)", Options)]
    public static partial Regex Film();

    [GeneratedRegex(@"[(\[（]\s?TV\s?[)\]）]", Options)]
    public static partial Regex TvTypeTag();

    [GeneratedRegex(B + @"Specials?" + E, Options)]
    public static partial Regex Special();

    [GeneratedRegex(B + @"(?:OVA|OAD|ONA|NCOP|NCED|Raws?|Fansub|VOSTFR|Batch)" + E, Options)]
    public static partial Regex AnimeWord();
}
