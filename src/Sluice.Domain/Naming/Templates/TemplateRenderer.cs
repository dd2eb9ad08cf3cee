using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Templates;

/// <summary>
/// Fills a template with a release's values. Every value is sanitized, and so is every rendered
/// segment, since a title can carry anything. A placeholder with no value vanishes together with
/// brackets around it: "Movies/{Title} ({Year})" becomes "Movies/Title" when the year is unknown.
/// </summary>
internal static partial class TemplateRenderer
{
    [GeneratedRegex(@"\(\s*\)|\[\s*\]|\{\s*\}", RegexOptions.CultureInvariant)]
    private static partial Regex EmptyBrackets();

    [GeneratedRegex(@"(?:\s*-\s*){2,}", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatedSeparators();

    /// <summary>Renders every segment; the caller appends the extension to the last one.</summary>
    public static List<string> Render(
        NamingTemplate template,
        ReleaseInfo info,
        IReadOnlyList<int> episodes
    )
    {
        var segments = new List<string>();
        foreach (var parts in template.Segments)
        {
            var text = new StringBuilder();
            var missing = false;
            for (var i = 0; i < parts.Count; i++)
            {
                var part = parts[i];
                if (part.Field is not { } field)
                {
                    text.Append(part.Text);
                    continue;
                }

                var prefix = i > 0 && parts[i - 1].IsLiteral ? parts[i - 1].Text : "";
                var value = Value(field, part.Format, info, episodes, prefix);
                missing |= string.IsNullOrEmpty(value);
                text.Append(value);
            }

            var segment = text.ToString();
            if (missing)
            {
                segment = RepeatedSeparators()
                    .Replace(EmptyBrackets().Replace(segment, ""), " - ")
                    .Trim(' ', '-', '_', '.');
            }

            segments.Add(segment);
        }

        return segments;
    }

    private static string? Value(
        TemplateField field,
        string? format,
        ReleaseInfo info,
        IReadOnlyList<int> episodes,
        string prefix
    ) =>
        field switch
        {
            TemplateField.Title => Text(info.Title),
            TemplateField.EpisodeTitle => Text(info.EpisodeTitle),
            TemplateField.ReleaseGroup => Text(info.ReleaseGroup),
            TemplateField.Resolution => Text(info.Resolution),
            TemplateField.Source => Text(info.Source),
            TemplateField.VideoCodec => Text(info.VideoCodec),
            TemplateField.Year => Number(info.Year, format),
            TemplateField.Season => Number(info.Season, format),
            TemplateField.Episode => Episodes(episodes, format, prefix),
            TemplateField.AirDate => info.AirDate?.ToString(
                format ?? "yyyy-MM-dd",
                CultureInfo.InvariantCulture
            ),
            _ => throw new ArgumentOutOfRangeException(
                nameof(field),
                field,
                "Unknown template field."
            ),
        };

    private static string? Text(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : PathSegment.Sanitize(value);

    private static string? Number(int? value, string? format) =>
        value?.ToString(format ?? "0", CultureInfo.InvariantCulture);

    // Plex and Jellyfin read a multi-episode file as a range: "S01E01-E02". The letters that
    // precede the placeholder in the template ("E") are repeated before the last number.
    private static string? Episodes(IReadOnlyList<int> episodes, string? format, string prefix)
    {
        if (episodes.Count == 0)
        {
            return null;
        }

        var first = Number(episodes[0], format);
        if (episodes.Count == 1)
        {
            return first;
        }

        var letters = new string(prefix.Reverse().TakeWhile(char.IsLetter).Reverse().ToArray());
        return $"{first}-{letters}{Number(episodes[^1], format)}";
    }
}
