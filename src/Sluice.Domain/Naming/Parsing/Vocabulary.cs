using System.Globalization;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>Value tables: number words, roman numerals, language codes, frame sizes.</summary>
internal static class Vocabulary
{
    private static readonly (int MinWidth, int Lines)[] WidthClasses =
    [
        (3800, 2160),
        (2500, 1440),
        (1900, 1080),
        (1200, 720),
        (1000, 576),
        (900, 540),
    ];

    private static readonly int[] StandardHeights =
    [
        360,
        480,
        540,
        576,
        720,
        1080,
        1440,
        2160,
        4320,
    ];

    private static readonly Dictionary<string, int> NumberWords = new(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["one"] = 1,
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["un"] = 1,
        ["deux"] = 2,
        ["trois"] = 3,
        ["quatre"] = 4,
        ["cinq"] = 5,
        ["sept"] = 7,
        ["huit"] = 8,
        ["neuf"] = 9,
        ["dix"] = 10,
    };

    private static readonly Dictionary<string, int> Ordinals = new(StringComparer.OrdinalIgnoreCase)
    {
        ["first"] = 1,
        ["second"] = 2,
        ["third"] = 3,
        ["fourth"] = 4,
        ["fifth"] = 5,
        ["sixth"] = 6,
        ["seventh"] = 7,
        ["eighth"] = 8,
        ["ninth"] = 9,
        ["tenth"] = 10,
    };

    private static readonly string[] RomanNumerals =
    [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
    ];

    // Written forms to ISO 639-1 (or "multi"); anything unlisted keeps its lower-case spelling.
    private static readonly Dictionary<string, string> Languages = new(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["english"] = "en",
        ["eng"] = "en",
        ["en"] = "en",
        ["french"] = "fr",
        ["français"] = "fr",
        ["francais"] = "fr",
        ["fr"] = "fr",
        ["truefrench"] = "fr",
        ["vff"] = "fr",
        ["vfq"] = "fr",
        ["vf"] = "fr",
        ["vf2"] = "fr",
        ["vo"] = "original",
        ["vof"] = "fr",
        ["german"] = "de",
        ["deutsch"] = "de",
        ["ger"] = "de",
        ["de"] = "de",
        ["swissgerman"] = "de",
        ["spanish"] = "es",
        ["español"] = "es",
        ["espanol"] = "es",
        ["castellano"] = "es",
        ["latino"] = "es",
        ["esp"] = "es",
        ["es"] = "es",
        ["italian"] = "it",
        ["ita"] = "it",
        ["it"] = "it",
        ["japanese"] = "ja",
        ["jap"] = "ja",
        ["jpn"] = "ja",
        ["jp"] = "ja",
        ["russian"] = "ru",
        ["rus"] = "ru",
        ["ru"] = "ru",
        ["ukrainian"] = "uk",
        ["ukr"] = "uk",
        ["hindi"] = "hi",
        ["korean"] = "ko",
        ["kor"] = "ko",
        ["chinese"] = "zh",
        ["chs"] = "zh",
        ["cht"] = "zh",
        ["big5"] = "zh",
        ["gb"] = "zh",
        ["繁体"] = "zh",
        ["简体"] = "zh",
        ["繁體"] = "zh",
        ["簡體"] = "zh",
        ["mandarin"] = "zh",
        ["cantonese"] = "zh",
        ["dutch"] = "nl",
        ["nl"] = "nl",
        ["flemish"] = "nl",
        ["swedish"] = "sv",
        ["swe"] = "sv",
        ["norwegian"] = "no",
        ["nor"] = "no",
        ["danish"] = "da",
        ["dan"] = "da",
        ["finnish"] = "fi",
        ["fin"] = "fi",
        ["polish"] = "pl",
        ["pl"] = "pl",
        ["pol"] = "pl",
        ["portuguese"] = "pt",
        ["pt"] = "pt",
        ["pt-br"] = "pt",
        ["br"] = "pt",
        ["brazilian"] = "pt",
        ["hungarian"] = "hu",
        ["hun"] = "hu",
        ["czech"] = "cs",
        ["cz"] = "cs",
        ["cze"] = "cs",
        ["romanian"] = "ro",
        ["ro"] = "ro",
        ["rom"] = "ro",
        ["turkish"] = "tr",
        ["tur"] = "tr",
        ["greek"] = "el",
        ["gre"] = "el",
        ["hebrew"] = "he",
        ["heb"] = "he",
        ["arabic"] = "ar",
        ["ara"] = "ar",
        ["thai"] = "th",
        ["vietnamese"] = "vi",
        ["vie"] = "vi",
        ["qc"] = "fr",
        ["multi"] = "multi",
        ["dual"] = "multi",
        ["dl"] = "multi",
    };

    public static string? ResolutionFromDimensions(int width, int height)
    {
        if (height < 240 || width < 240)
        {
            return null;
        }

        // Cropped or odd heights ("1280x692", "1904x1072") are named by their width's class.
        var lines =
            StandardHeights.Contains(height) ? height
            : WidthClasses.FirstOrDefault(range => width >= range.MinWidth).Lines
                is var byWidth
                    and > 0
                ? byWidth
            : height;
        return lines.ToString(CultureInfo.InvariantCulture) + "p";
    }

    public static int? NumberWord(string word) =>
        NumberWords.TryGetValue(word, out var n) ? n : null;

    public static int OrdinalWord(string word) => Ordinals.TryGetValue(word, out var n) ? n : 0;

    public static int? Roman(string text)
    {
        var index = Array.IndexOf(RomanNumerals, text.ToUpperInvariant());
        return index >= 0 ? index + 1 : null;
    }

    public static string LanguageCode(string written) =>
        Languages.TryGetValue(written, out var code) ? code : written.ToLowerInvariant();
}
