using Sluice.Domain.Naming;

namespace Sluice.Node.Metadata;

public enum MetadataQueryKind
{
    /// <summary>AniList's anime search.</summary>
    Anime,

    /// <summary>TMDB's TV search, then the episode's name.</summary>
    Show,

    /// <summary>TMDB's film search.</summary>
    Movie,
}

/// <summary>What to ask which provider about a parsed release.</summary>
public sealed record MetadataQuery(
    MetadataQueryKind Kind,
    string Title,
    int? Year,
    int? Season,
    int? Episode
)
{
    /// <summary>Longer titles are not looked up; it also bounds the cache keys.</summary>
    public const int MaxTitleLength = 200;

    public string TitleKey { get; } = Metadata.TitleKey.Of(Title);

    /// <summary>
    /// The provider to ask, decided from the parsed fields alone:
    /// <list type="number">
    /// <item>anime (AniList) when the name numbers episodes the way fansubs do: absolute
    /// numbers beside a season ("Bleach - s16e03 - 313"), a CRC32 in brackets, or an episode
    /// number without a season or an air date ("[Group] Title - 05", "One Piece - 1071"), which
    /// scene TV names never write;</item>
    /// <item>a film (TMDB) for every other movie;</item>
    /// <item>a TV show (TMDB) for every other episode, the episode's name included when the
    /// file holds exactly one episode of a known season;</item>
    /// <item>nothing without a title or a kind.</item>
    /// </list>
    /// A year written in the name narrows the search and must equal the match's; the year of an
    /// air date ("Show.2024.01.15") says nothing about when the show began, so it is left out.
    /// </summary>
    public static MetadataQuery? For(ReleaseInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        // No title of a show or a film is this long: it is a name the parser could not split.
        if (
            info.Title is not { } title
            || Metadata.TitleKey.Of(title).Length is 0 or > MaxTitleLength
        )
        {
            return null;
        }

        var year = info.AirDate is null ? info.Year : null;
        var seasonlessEpisodes =
            info.Kind == MediaKind.Episode
            && info.Season is null
            && info.AirDate is null
            && info.Episodes.Count > 0;
        if (info.AbsoluteEpisodes.Count > 0 || info.Checksum is not null || seasonlessEpisodes)
        {
            return new MetadataQuery(MetadataQueryKind.Anime, title, year, null, null);
        }

        return info.Kind switch
        {
            MediaKind.Movie => new MetadataQuery(MetadataQueryKind.Movie, title, year, null, null),
            MediaKind.Episode => new MetadataQuery(
                MetadataQueryKind.Show,
                title,
                year,
                info.Season,
                info.Season is not null && info.Episodes.Count == 1 ? info.Episodes[0] : null
            ),
            MediaKind.Unknown => null,
            _ => throw new ArgumentOutOfRangeException(
                nameof(info),
                info.Kind,
                "Unknown media kind."
            ),
        };
    }
}
