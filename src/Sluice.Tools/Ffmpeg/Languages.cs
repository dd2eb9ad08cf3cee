namespace Sluice.Tools.Ffmpeg;

/// <summary>
/// Language tags as files write them: ISO 639-2/B ("jpn", "fre"), 639-2/T ("fra"), 639-1
/// ("ja") and a few old spellings ("jap"). Normalized to one three-letter code so "ja" in the
/// configuration finds a "jpn" track. Pure.
/// </summary>
public static class Languages
{
    private static readonly Dictionary<string, string> Aliases = new(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["ja"] = "jpn",
        ["jp"] = "jpn",
        ["jap"] = "jpn",
        ["en"] = "eng",
        ["fr"] = "fre",
        ["fra"] = "fre",
        ["de"] = "ger",
        ["deu"] = "ger",
        ["es"] = "spa",
        ["it"] = "ita",
        ["pt"] = "por",
        ["ru"] = "rus",
        ["zh"] = "chi",
        ["zho"] = "chi",
        ["ko"] = "kor",
        ["nl"] = "dut",
        ["nld"] = "dut",
        ["pl"] = "pol",
        ["ar"] = "ara",
        ["sv"] = "swe",
        ["fi"] = "fin",
        ["tr"] = "tur",
        ["hi"] = "hin",
        ["id"] = "ind",
        ["vi"] = "vie",
        ["th"] = "tha",
    };

    /// <summary>The normalized code, or null for a missing or undetermined ("und") language.</summary>
    public static string? Normalize(string? tag)
    {
        var trimmed = tag?.Trim();
        if (
            string.IsNullOrEmpty(trimmed)
            || trimmed.Equals("und", StringComparison.OrdinalIgnoreCase)
        )
        {
            return null;
        }

        // "en-US", "pt-BR": the language is what comes before the region.
        var language = trimmed.Split('-', '_')[0];
        return Aliases.TryGetValue(language, out var code) ? code : language.ToLowerInvariant();
    }

    public static bool Same(string? a, string? b) =>
        Normalize(a) is { } x && Normalize(b) is { } y && x == y;
}
