using Microsoft.Extensions.Logging;

namespace Sluice.Node.Metadata;

/// <summary>One lookup per query kind: ask (through the cache), pick a confident match, compose.</summary>
public sealed partial class MetadataService
{
    private async Task<MetadataMatch?> AnimeAsync(MetadataQuery query, CancellationToken ct)
    {
        var anime = await CachedAsync(
            AniListClient.ProviderName,
            $"anime:{query.TitleKey}|{query.Year}",
            aniList.IsDown,
            async token =>
                Pick(
                    await aniList.SearchAsync(query.Title, token),
                    candidates =>
                        TitleMatching.Best(
                            candidates,
                            query,
                            a => [a.EnglishTitle, a.Title],
                            a => [a.NativeTitle, .. a.Synonyms],
                            a => a.Year
                        )
                ),
            ct
        );
        return anime is null
            ? null
            : new MetadataMatch
            {
                Provider = MetadataProvider.AniList,
                ProviderId = anime.Id,
                CanonicalTitle = anime.EnglishTitle ?? anime.Title,
                Year = anime.Year,
                Url = anime.SiteUrl,
                Anime = anime,
            };
    }

    private async Task<MetadataMatch?> MovieAsync(MetadataQuery query, CancellationToken ct)
    {
        var movie = await CachedAsync(
            TmdbClient.ProviderName,
            $"movie:{query.TitleKey}|{query.Year}",
            tmdb.IsDown,
            async token =>
                Pick(
                    await tmdb.SearchMoviesAsync(query.Title, query.Year, token),
                    candidates =>
                        TitleMatching.Best(
                            candidates,
                            query,
                            m => [m.Name],
                            m => [m.OriginalName],
                            m => m.Year
                        )
                ),
            ct
        );
        return movie is null
            ? null
            : new MetadataMatch
            {
                Provider = MetadataProvider.Tmdb,
                ProviderId = movie.Id,
                CanonicalTitle = movie.Name,
                Year = movie.Year,
                Url = movie.Url,
            };
    }

    private async Task<MetadataMatch?> ShowAsync(MetadataQuery query, CancellationToken ct)
    {
        var show = await CachedAsync(
            TmdbClient.ProviderName,
            $"tv:{query.TitleKey}|{query.Year}",
            tmdb.IsDown,
            async token =>
                Pick(
                    await tmdb.SearchShowsAsync(query.Title, query.Year, token),
                    candidates =>
                        TitleMatching.Best(
                            candidates,
                            query,
                            s => [s.Name],
                            s => [s.OriginalName],
                            s => s.Year
                        )
                ),
            ct
        );
        if (show is null)
        {
            return null;
        }

        return new MetadataMatch
        {
            Provider = MetadataProvider.Tmdb,
            ProviderId = show.Id,
            CanonicalTitle = show.Name,
            Year = show.Year,
            EpisodeTitle = await EpisodeTitleAsync(show, query, ct),
            Url = show.Url,
        };
    }

    /// <summary>The episode's name, or null: the show alone is still worth returning.</summary>
    private async Task<string?> EpisodeTitleAsync(
        ShowMatch show,
        MetadataQuery query,
        CancellationToken ct
    )
    {
        if (query is not { Season: { } season, Episode: { } episode })
        {
            return null;
        }

        try
        {
            return await CachedAsync(
                TmdbClient.ProviderName,
                $"episode:{show.Id}:{season}:{episode}",
                tmdb.IsDown,
                token => tmdb.EpisodeTitleAsync(show.Id, season, episode, token),
                ct
            );
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            log.LogWarning(
                "TMDB: no time left for the name of {Show} S{Season:00}E{Episode:00}; going on without it",
                show.Name,
                season,
                episode
            );
            return null;
        }
    }

    private static ProviderResult<T> Pick<T>(
        ProviderResult<IReadOnlyList<T>> candidates,
        Func<IReadOnlyList<T>, T?> best
    )
        where T : class =>
        candidates.Status != ProviderStatus.Found ? candidates.Without<T>()
        : best(candidates.Value!) is { } match ? ProviderResult.Found(match)
        : ProviderResult.NotFound<T>();
}
