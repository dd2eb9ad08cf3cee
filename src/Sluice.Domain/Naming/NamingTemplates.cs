using Sluice.Domain.Naming.Templates;

namespace Sluice.Domain.Naming;

/// <summary>
/// Turns a parsed release into its library path, following Plex and Jellyfin conventions:
/// "Shows/Title/Season 01/Title - S01E01.mkv", "Movies/Title (2019)/Title (2019).mkv". A release
/// the parser is not confident about goes to "Unsorted" under its own (sanitized) name.
/// </summary>
public sealed class NamingTemplates
{
    public const string DefaultShow =
        "Shows/{Title}/Season {Season:00}/{Title} - S{Season:00}E{Episode:00}";

    /// <summary>
    /// Anime numbered from the series start, with no season in the name. Both Plex and Jellyfin
    /// parse "SxxEyy" reliably and bare numbers less so; under "Season 01" with three digits,
    /// Plex's absolute episode ordering (and Jellyfin's) maps "S01E105" to absolute episode 105.
    /// </summary>
    public const string DefaultAbsoluteShow = "Shows/{Title}/Season 01/{Title} - S01E{Episode:000}";

    /// <summary>Without a year the " ({Year})" parts vanish: "Movies/Title/Title.mkv".</summary>
    public const string DefaultMovie = "Movies/{Title} ({Year})/{Title} ({Year})";

    /// <summary>Daily shows: the season is the year, the episode its air date (a form both servers match).</summary>
    public const string DefaultDaily =
        "Shows/{Title}/Season {AirDate:yyyy}/{Title} - {AirDate:yyyy-MM-dd}";

    private const int FileNameBytes = 180;

    private readonly NamingTemplate show;
    private readonly NamingTemplate absoluteShow;
    private readonly NamingTemplate movie;
    private readonly NamingTemplate daily;

    private NamingTemplates(
        NamingTemplate show,
        NamingTemplate absoluteShow,
        NamingTemplate movie,
        NamingTemplate daily
    )
    {
        this.show = show;
        this.absoluteShow = absoluteShow;
        this.movie = movie;
        this.daily = daily;
    }

    public static NamingTemplates Default { get; } =
        Create(DefaultShow, DefaultAbsoluteShow, DefaultMovie);

    /// <summary>Validates the templates; throws <see cref="NamingTemplateException"/> naming the bad placeholder.</summary>
    public static NamingTemplates Create(string show, string absoluteShow, string movie) =>
        Create(show, absoluteShow, movie, DefaultDaily);

    public static NamingTemplates Create(
        string show,
        string absoluteShow,
        string movie,
        string daily
    ) =>
        new(
            NamingTemplate.Parse(
                show,
                "show",
                LibraryPath.Shows,
                [TemplateField.Title, TemplateField.Season, TemplateField.Episode]
            ),
            NamingTemplate.Parse(
                absoluteShow,
                "absolute show",
                LibraryPath.Shows,
                [TemplateField.Title, TemplateField.Episode]
            ),
            NamingTemplate.Parse(movie, "movie", LibraryPath.Movies, [TemplateField.Title]),
            NamingTemplate.Parse(
                daily,
                "daily show",
                LibraryPath.Shows,
                [TemplateField.Title, TemplateField.AirDate]
            )
        );

    /// <summary>
    /// The library path for <paramref name="info"/>; the extension comes from the parse or the
    /// original name, in lower case. Never throws on what a name contains.
    /// </summary>
    public LibraryPath Render(ReleaseInfo info, string originalFileName)
    {
        ArgumentNullException.ThrowIfNull(info);
        var fileName = LastSegment(originalFileName ?? "");
        var choice = Choose(info);
        if (choice is { } chosen)
        {
            var segments = TemplateRenderer.Render(chosen.Template, info, chosen.Episodes);
            var extension = Extension(info.Extension) ?? Extension(ExtensionOf(fileName));
            for (var i = 0; i < segments.Count; i++)
            {
                var last = i == segments.Count - 1;
                segments[i] = PathSegment.Sanitize(
                    last && extension is not null ? $"{segments[i]}.{extension}" : segments[i],
                    FileNameBytes
                );
            }

            if (LibraryPath.TryParse(string.Join('/', segments), out var path))
            {
                return path;
            }
        }

        return LibraryPath.Parse(
            $"{LibraryPath.Unsorted}/{PathSegment.Sanitize(fileName, FileNameBytes)}"
        );
    }

    private (NamingTemplate Template, IReadOnlyList<int> Episodes)? Choose(ReleaseInfo info)
    {
        if (!info.IsConfident || string.IsNullOrWhiteSpace(info.Title))
        {
            return null;
        }

        var absolute = info.AbsoluteEpisodes.Count > 0 ? info.AbsoluteEpisodes : info.Episodes;
        return info.Kind switch
        {
            MediaKind.Episode when info.Season is not null && info.Episodes.Count > 0 => (
                show,
                info.Episodes
            ),
            MediaKind.Episode when absolute.Count > 0 => (absoluteShow, absolute),
            MediaKind.Episode when info.AirDate is not null => (daily, []),
            MediaKind.Episode => null,
            MediaKind.Movie => (movie, []),
            MediaKind.Unknown => null,
            _ => throw new ArgumentOutOfRangeException(
                nameof(info),
                info.Kind,
                "Unknown media kind."
            ),
        };
    }

    private static string LastSegment(string name) =>
        name.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    private static string? ExtensionOf(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot > 0 ? fileName[(dot + 1)..] : null;
    }

    // Only a short alphanumeric extension is one: ".mkv", not ".S01E01 720p".
    private static string? Extension(string? extension) =>
        extension is { Length: > 0 and <= 8 } && extension.All(char.IsAsciiLetterOrDigit)
            ? extension.ToLowerInvariant()
            : null;
}
