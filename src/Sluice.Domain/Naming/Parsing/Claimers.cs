using System.Globalization;
using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Runs every pattern over a name in priority order. Order matters because the first claim on a
/// character wins: junk and unambiguous markers first, context-dependent words last.
/// </summary>
internal static partial class Claimers
{
    public static void Run(ClaimContext context)
    {
        ClaimLeadingGroup(context);
        ClaimJunk(context);
        ClaimMeasures(context);
        ClaimDates(context);
        ClaimEpisodes(context);
        ClaimTechnical(context);
        ClaimTags(context);
        ClaimMarkers(context);
        context.ClaimAll(
            Patterns.Year(),
            match => Number(match, ClaimKind.Year, "y") with { Weak = true }
        );
    }

    private static void ClaimJunk(ClaimContext context)
    {
        context.ClaimAll(Patterns.RepostSuffix(), ClaimKind.Junk);
        context.ClaimAll(Patterns.WwwSite(), ClaimKind.Website);

        // "The.Net.1995" is a title; a bare domain counts only alone in brackets, at the end, or
        // leading with a name longer than a word ("UsaBit.com_esd-americanbh").
        context.ClaimAll(
            Patterns.Site(),
            match =>
                context.FillsBracket(match.Index, match.Index + match.Length)
                || match.Index + match.Length == context.Text.Length
                || (match.Index == 0 && match.Value.IndexOf('.', StringComparison.Ordinal) >= 4)
                    ? new Claim(match.Index, match.Index + match.Length, ClaimKind.Website)
                    : null
        );
        context.ClaimAll(
            Patterns.BracketedChecksum(),
            match => new Claim(match.Index, match.Index + match.Length, ClaimKind.Checksum)
            {
                Value = match.Groups["c"].Value.ToUpperInvariant(),
            }
        );
        context.ClaimAll(
            Patterns.TrailingChecksum(),
            match =>
                match.Value.Any(char.IsDigit) && match.Value.Any(char.IsLetter)
                    ? new Claim(match.Index, match.Index + match.Length, ClaimKind.Checksum)
                    {
                        Value = match.Value,
                    }
                    : null
        );
    }

    private static void ClaimMeasures(ClaimContext context)
    {
        context.ClaimAll(Patterns.Size(), ClaimKind.Size);
        context.ClaimAll(Patterns.Bitrate(), ClaimKind.Bitrate);
        context.ClaimAll(Patterns.Fps(), ClaimKind.Fps);
        context.ClaimAll(
            Patterns.Dimensions(),
            match => new Claim(match.Index, match.Index + match.Length, ClaimKind.Resolution)
            {
                Value = Vocabulary.ResolutionFromDimensions(
                    Int(match.Groups["w"].Value),
                    Int(match.Groups["h"].Value)
                ),
            }
        );
    }

    private static void ClaimDates(ClaimContext context)
    {
        context.ClaimAll(Patterns.DateYmd(), match => DateClaim(match, "y", "m", "d"));
        context.ClaimAll(
            Patterns.DateDmy(),
            match => DateClaim(match, "y", "m", "d") ?? DateClaim(match, "y", "d", "m")
        );
        context.ClaimAll(Patterns.DateCompact(), match => DateClaim(match, "y", "m", "d"));

        // dd.mm.yy first (European scene habit), yy.mm.dd when that is not a date.
        context.ClaimAll(
            Patterns.DateShort(),
            match => ShortDate(match, "c", "b", "a") ?? ShortDate(match, "a", "b", "c")
        );
    }

    private static Claim? DateClaim(Match match, string year, string month, string day) =>
        MakeDate(
            Int(match.Groups[year].Value),
            Int(match.Groups[month].Value),
            Int(match.Groups[day].Value)
        )
            is { } date
            ? new Claim(match.Index, match.Index + match.Length, ClaimKind.Date) { Date = date }
            : null;

    private static Claim? ShortDate(Match match, string year, string month, string day) =>
        MakeDate(
            2000 + Int(match.Groups[year].Value),
            Int(match.Groups[month].Value),
            Int(match.Groups[day].Value)
        )
            is { } date
            ? new Claim(match.Index, match.Index + match.Length, ClaimKind.Date) { Date = date }
            : null;

    private static DateOnly? MakeDate(int year, int month, int day) =>
        year is >= 1900 and <= 2099
        && month is >= 1 and <= 12
        && day >= 1
        && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    private static Claim Number(Match match, ClaimKind kind, string group) =>
        new(match.Index, match.Index + match.Length, kind)
        {
            Number = Int(match.Groups[group].Value),
            Value = match.Value,
        };

    /// <summary>Parses ASCII digits; values too long to matter saturate instead of throwing.</summary>
    public static int Int(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : int.MaxValue;
}
