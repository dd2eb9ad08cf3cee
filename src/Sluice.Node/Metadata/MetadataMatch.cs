namespace Sluice.Node.Metadata;

public enum MetadataProvider
{
    AniList,
    Tmdb,
}

/// <summary>
/// A confident match for a release: its title as the provider writes it, for naming, and
/// what notifications show. Values come from the internet: sanitize them like parsed names
/// before they become part of a path.
/// </summary>
public sealed record MetadataMatch
{
    public required MetadataProvider Provider { get; init; }

    /// <summary>The provider's id for the show, film or anime.</summary>
    public required int ProviderId { get; init; }

    /// <summary>For naming: AniList's English title when it has one, else the romaji; TMDB's name.</summary>
    public required string CanonicalTitle { get; init; }

    public int? Year { get; init; }

    /// <summary>
    /// TMDB's name for the one episode the file holds; null for AniList (it has no episode
    /// titles), multi-episode files and unnamed episodes: keep the parsed one then.
    /// </summary>
    public string? EpisodeTitle { get; init; }

    /// <summary>The provider's page (AniList siteUrl, themoviedb.org page).</summary>
    public string? Url { get; init; }

    /// <summary>AniList's extras for notifications (cover, studio, score...); null for TMDB.</summary>
    public AnimeMatch? Anime { get; init; }
}

/// <summary>One AniList media entry, as the anime search returns it.</summary>
public sealed record AnimeMatch
{
    public required int Id { get; init; }

    /// <summary>The same anime's id on MyAnimeList, when AniList knows it.</summary>
    public int? MalId { get; init; }

    /// <summary>The romaji title, which AniList always has.</summary>
    public required string Title { get; init; }
    public string? EnglishTitle { get; init; }
    public string? NativeTitle { get; init; }

    /// <summary>Other names AniList knows the entry by.</summary>
    public IReadOnlyList<string> Synonyms { get; init; } = [];

    /// <summary>The season's year, else the start date's.</summary>
    public int? Year { get; init; }

    /// <summary>Episode count; null while airing with an unknown end.</summary>
    public int? Episodes { get; init; }

    /// <summary>AniList's MediaFormat: TV, TV_SHORT, MOVIE, SPECIAL, OVA, ONA, MUSIC.</summary>
    public string? Format { get; init; }
    public string? CoverUrl { get; init; }

    /// <summary>The main animation studio.</summary>
    public string? Studio { get; init; }

    /// <summary>Average score, 0..100.</summary>
    public int? Score { get; init; }
    public int? Popularity { get; init; }
    public string? SiteUrl { get; init; }
}

/// <summary>One TMDB TV show from a search.</summary>
public sealed record ShowMatch(int Id, string Name, string? OriginalName, int? Year, string Url);

/// <summary>One TMDB film from a search.</summary>
public sealed record MovieMatch(int Id, string Name, string? OriginalName, int? Year, string Url);
