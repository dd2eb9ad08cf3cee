using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sluice.Node.Metadata;

/// <summary>
/// TMDB's v3 API: TV and film searches and an episode's name. Authenticates with the API Read
/// Access Token as a Bearer header. One instance per process: it holds the rate limiter and
/// the "down" switch.
/// </summary>
public sealed partial class TmdbClient : IDisposable
{
    public const string ProviderName = "tmdb";

    private readonly TmdbOptions _options;
    private readonly string? _token;
    private readonly Uri _base;
    private readonly ProviderGate _gate;

    public TmdbClient(
        HttpClient http,
        TimeProvider time,
        IOptions<MetadataOptions> options,
        ILogger<TmdbClient> log
    )
    {
        _options = options.Value.Tmdb;
        _token = _options.AccessToken?.Trim(); // env files like a trailing newline
        if (_options.IsEnabled && !IsHeaderSafe(_token))
        {
            log.LogWarning(
                "TMDB is off: Metadata:Tmdb:AccessToken holds characters an HTTP header cannot carry"
            );
        }

        var endpoint = _options.Endpoint.ToString();
        _base = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
        _gate = new ProviderGate(
            "TMDB",
            ClockedTokenBucket.PerWindow(_options.RequestsPerSecond, TimeSpan.FromSeconds(1), time),
            http,
            time,
            options.Value,
            _token,
            log
        );
    }

    /// <summary>On when a token is set, unless switched off.</summary>
    public bool IsEnabled => _options.IsEnabled && IsHeaderSafe(_token);

    /// <summary>True while a recent failure keeps TMDB from being asked.</summary>
    public bool IsDown => _gate.IsDown;

    /// <summary>TV shows by name, best first; <paramref name="firstAirYear"/> narrows the search.</summary>
    public async Task<ProviderResult<IReadOnlyList<ShowMatch>>> SearchShowsAsync(
        string query,
        int? firstAirYear,
        CancellationToken ct
    )
    {
        var path = Search("tv", query, ("first_air_date_year", firstAirYear));
        var page = await GetAsync<SearchPage<TvDto>>(
            path,
            $"the TV search for \"{query}\"",
            notFoundIsAnAnswer: false,
            ct
        );
        return Results(
            page,
            tv =>
                tv.Name is { Length: > 0 } name
                    ? new ShowMatch(
                        tv.Id,
                        name,
                        tv.OriginalName,
                        YearOf(tv.FirstAirDate),
                        $"https://www.themoviedb.org/tv/{tv.Id}"
                    )
                    : null
        );
    }

    /// <summary>Films by title, best first; <paramref name="year"/> narrows the search.</summary>
    public async Task<ProviderResult<IReadOnlyList<MovieMatch>>> SearchMoviesAsync(
        string query,
        int? year,
        CancellationToken ct
    )
    {
        var path = Search("movie", query, ("year", year));
        var page = await GetAsync<SearchPage<MovieDto>>(
            path,
            $"the film search for \"{query}\"",
            notFoundIsAnAnswer: false,
            ct
        );
        return Results(
            page,
            movie =>
                movie.Title is { Length: > 0 } title
                    ? new MovieMatch(
                        movie.Id,
                        title,
                        movie.OriginalTitle,
                        YearOf(movie.ReleaseDate),
                        $"https://www.themoviedb.org/movie/{movie.Id}"
                    )
                    : null
        );
    }

    /// <summary>
    /// The episode's name. An unknown episode, and one TMDB only calls "Episode 5" (its
    /// placeholder before anyone named it), are <see cref="ProviderStatus.NotFound"/>.
    /// </summary>
    public async Task<ProviderResult<string>> EpisodeTitleAsync(
        int showId,
        int season,
        int episode,
        CancellationToken ct
    )
    {
        var path = string.Create(
            CultureInfo.InvariantCulture,
            $"3/tv/{showId}/season/{season}/episode/{episode}?language=en-US"
        );
        var answer = await GetAsync<EpisodeDto>(
            path,
            $"episode S{season:00}E{episode:00} of TV show {showId}",
            notFoundIsAnAnswer: true,
            ct
        );
        if (answer.Status != ProviderStatus.Found)
        {
            return answer.Without<string>();
        }

        var name = answer.Value!.Name?.Trim();
        return string.IsNullOrEmpty(name) || Placeholder().IsMatch(name)
            ? ProviderResult.NotFound<string>()
            : ProviderResult.Found(name);
    }

    /// <param name="notFoundIsAnAnswer">
    /// True where TMDB says "no such thing" with a 404 (an episode); searches answer an empty
    /// list instead, so a 404 there means a wrong endpoint, which must not be cached as "no match".
    /// </param>
    private async Task<ProviderResult<T>> GetAsync<T>(
        string pathAndQuery,
        string what,
        bool notFoundIsAnAnswer,
        CancellationToken ct
    )
        where T : class
    {
        if (!IsEnabled)
        {
            return ProviderResult.Unavailable<T>();
        }

        var url = new Uri(_base, pathAndQuery);
        var sent = await _gate.SendAsync(
            () =>
                new HttpRequestMessage(HttpMethod.Get, url)
                {
                    Headers =
                    {
                        Authorization = new AuthenticationHeaderValue("Bearer", _token),
                        Accept = { new MediaTypeWithQualityHeaderValue("application/json") },
                    },
                },
            what,
            ct
        );
        if (sent.Status == ProviderStatus.NotFound && !notFoundIsAnAnswer)
        {
            _gate.MarkDown($"{what} answered 404; is Metadata:Tmdb:Endpoint right?");
            return ProviderResult.Unavailable<T>();
        }

        if (sent.Status != ProviderStatus.Found)
        {
            return sent.Without<T>();
        }

        if (Deserialize<T>(sent.Value!) is not { } value)
        {
            _gate.MarkDown($"{what} answered with something that is not the expected JSON");
            return ProviderResult.Unavailable<T>();
        }

        return ProviderResult.Found(value);
    }

    /// <summary>Visible ASCII only: anything else would fail in the HTTP stack, in messages we do not control.</summary>
    public static bool IsHeaderSafe(string? token) =>
        !string.IsNullOrEmpty(token) && token.All(c => c is > ' ' and < '\u007F');

    public void Dispose() => _gate.Dispose();
}
