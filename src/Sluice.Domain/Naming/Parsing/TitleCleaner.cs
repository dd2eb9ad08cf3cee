using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>Turns the raw title span into display text: separators to spaces, trailing noise off.</summary>
internal static partial class TitleCleaner
{
    [GeneratedRegex(@"^(?<rest>.+?),\s*(?<article>The|A|An)$", Patterns.Options)]
    private static partial Regex TrailingArticle();

    [GeneratedRegex(@"^(?<rest>.+?\S)\s*[(\[][^()\[\]]*[)\]]$", Patterns.Options)]
    private static partial Regex TrailingBracket();

    [GeneratedRegex(@"^(?<rest>.+?)\s+(?:US|UK|AU|CA|NZ)$", Patterns.CaseSensitive)]
    private static partial Regex TrailingCountry();

    public static string? Clean(string raw, bool animeStyle)
    {
        var text = raw.Replace('_', ' ');
        if (!text.Any(char.IsWhiteSpace))
        {
            text = UndotWords(text);
        }

        text = Collapse(text).Trim(' ', '-', '.', ',', ':', ';', '|', '/');
        if (!animeStyle)
        {
            // "The.Office.(US)", "Breaking.Bad.(Minisodes)", "Le.Prestige.(The.Prestige)".
            text = Strip(TrailingBracket(), text);
            text = Strip(TrailingCountry(), text);
        }

        var article = TrailingArticle().Match(text);
        if (article.Success)
        {
            text = $"{article.Groups["article"].Value} {article.Groups["rest"].Value}"; // "Simpsons, The"
        }

        text = text.Trim(' ', '-', '.', ',', ':', ';');
        return text.Any(char.IsLetterOrDigit) ? text : null;
    }

    private static string Strip(Regex pattern, string text) =>
        pattern.Match(text) is { Success: true } match
            ? match.Groups["rest"].Value.TrimEnd(' ', '-', '.', ',')
            : text;

    // Dots between words become spaces; dots of acronyms ("S.H.I.E.L.D") and numbers ("2.0") stay.
    private static string UndotWords(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '.')
            {
                builder.Append(text[i]);
                continue;
            }

            var before = i > 0 ? text[i - 1] : ' ';
            var after = i + 1 < text.Length ? text[i + 1] : ' ';
            var acronym =
                IsSingleLetter(text, i - 1) && (IsSingleLetter(text, i + 1) || after == ' ');
            var number = char.IsAsciiDigit(before) && char.IsAsciiDigit(after);
            builder.Append(acronym || number ? '.' : ' ');
        }

        return builder.ToString();
    }

    private static bool IsSingleLetter(string text, int i) =>
        i >= 0
        && i < text.Length
        && char.IsLetter(text[i])
        && (i == 0 || !char.IsLetterOrDigit(text[i - 1]))
        && (i + 1 >= text.Length || !char.IsLetterOrDigit(text[i + 1]));

    private static string Collapse(string text) =>
        string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
