using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Testing.Http;

/// <summary>A TV show the TMDB stand-in knows; dates as TMDB writes them ("2015-12-14", or "").</summary>
public sealed record TmdbShow(int Id, string Name, string FirstAirDate)
{
    public string? OriginalName { get; init; }
}

/// <summary>A film the TMDB stand-in knows.</summary>
public sealed record TmdbMovie(int Id, string Title, string ReleaseDate)
{
    public string? OriginalTitle { get; init; }
}

/// <summary>
/// A local stand-in for TMDB's v3 API: <c>GET /3/search/tv?query=&amp;first_air_date_year=</c>,
/// <c>GET /3/search/movie?query=&amp;year=</c> and
/// <c>GET /3/tv/{id}/season/{season}/episode/{episode}</c>, from a catalogue the test seeds
/// (catalogue order stands for TMDB's relevance). Requests need
/// <c>Authorization: Bearer {AccessToken}</c>; otherwise 401 with TMDB's status_code 7.
/// Unknown resources are 404 with status_code 34, a 429 carries Retry-After and status_code 25.
/// </summary>
public sealed class TmdbStandIn : ProviderStandIn
{
    private readonly ConcurrentQueue<TmdbShow> _shows = new();
    private readonly ConcurrentQueue<TmdbMovie> _movies = new();
    private readonly ConcurrentDictionary<(int Show, int Season, int Episode), string> _episodes =
        new();

    private TmdbStandIn(TimeProvider? time)
        : base(time) { }

    public static async Task<TmdbStandIn> StartAsync(TimeProvider? time = null)
    {
        var standIn = new TmdbStandIn(time);
        await standIn.StartServerAsync();
        return standIn;
    }

    /// <summary>The API Read Access Token the stand-in accepts.</summary>
    public string AccessToken { get; set; } = "tmdb-read-token-0123456789";

    /// <summary>Requests refused for a missing or wrong token.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    private int _unauthorized;

    public TmdbStandIn Add(params TmdbShow[] shows)
    {
        foreach (var show in shows)
        {
            _shows.Enqueue(show);
        }

        return this;
    }

    public TmdbStandIn Add(params TmdbMovie[] movies)
    {
        foreach (var movie in movies)
        {
            _movies.Enqueue(movie);
        }

        return this;
    }

    public TmdbStandIn AddEpisode(int showId, int season, int episode, string name)
    {
        _episodes[(showId, season, episode)] = name;
        return this;
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/3/search/tv", (Delegate)((HttpContext c) => AnswerAsync(c, SearchTv)));
        app.MapGet("/3/search/movie", (Delegate)((HttpContext c) => AnswerAsync(c, SearchMovie)));
        app.MapGet(
            "/3/tv/{id:int}/season/{season:int}/episode/{episode:int}",
            (Delegate)((HttpContext c) => AnswerAsync(c, Episode))
        );
        app.MapFallback((Delegate)((HttpContext c) => AnswerAsync(c, _ => NotFound())));
    }

    private async Task<IResult> AnswerAsync(HttpContext context, Func<HttpContext, IResult> answer)
    {
        if (await FaultAsync(context) is { } fault)
        {
            return fault;
        }

        if (context.Request.Headers.Authorization.ToString() != $"Bearer {AccessToken}")
        {
            Interlocked.Increment(ref _unauthorized);
            return Status(401, 7, "Invalid API key: You must be granted a valid key.");
        }

        Record($"{context.Request.Path}{context.Request.QueryString}");
        return answer(context);
    }

    private IResult SearchTv(HttpContext context)
    {
        var query = context.Request.Query["query"].ToString();
        var year = Year(context.Request.Query["first_air_date_year"]);
        var hits = _shows.Where(s =>
            Resembles(query, [s.Name, s.OriginalName])
            && (year is null || s.FirstAirDate.StartsWith($"{year}-", StringComparison.Ordinal))
        );
        return Page(
            hits.Select(s => new
            {
                adult = false,
                backdrop_path = (string?)null,
                genre_ids = Array.Empty<int>(),
                id = s.Id,
                origin_country = new[] { "US" },
                original_language = "en",
                original_name = s.OriginalName ?? s.Name,
                overview = "",
                popularity = 10.5,
                poster_path = (string?)null,
                first_air_date = s.FirstAirDate,
                name = s.Name,
                vote_average = 8.0,
                vote_count = 100,
            })
        );
    }

    private IResult SearchMovie(HttpContext context)
    {
        var query = context.Request.Query["query"].ToString();
        var year = Year(context.Request.Query["year"]);
        var hits = _movies.Where(m =>
            Resembles(query, [m.Title, m.OriginalTitle])
            && (year is null || m.ReleaseDate.StartsWith($"{year}-", StringComparison.Ordinal))
        );
        return Page(
            hits.Select(m => new
            {
                adult = false,
                backdrop_path = (string?)null,
                genre_ids = Array.Empty<int>(),
                id = m.Id,
                original_language = "en",
                original_title = m.OriginalTitle ?? m.Title,
                overview = "",
                popularity = 10.5,
                poster_path = (string?)null,
                release_date = m.ReleaseDate,
                title = m.Title,
                video = false,
                vote_average = 8.0,
                vote_count = 100,
            })
        );
    }

    private IResult Episode(HttpContext context)
    {
        var id = int.Parse((string)context.GetRouteValue("id")!, CultureInfo.InvariantCulture);
        var season = int.Parse(
            (string)context.GetRouteValue("season")!,
            CultureInfo.InvariantCulture
        );
        var episode = int.Parse(
            (string)context.GetRouteValue("episode")!,
            CultureInfo.InvariantCulture
        );
        return _episodes.TryGetValue((id, season, episode), out var name)
            ? Results.Json(
                new
                {
                    air_date = "2017-02-15",
                    crew = Array.Empty<object>(),
                    episode_number = episode,
                    guest_stars = Array.Empty<object>(),
                    name,
                    overview = "",
                    id = (id * 10_000) + (season * 100) + episode,
                    production_code = "",
                    runtime = 44,
                    season_number = season,
                    still_path = (string?)null,
                    vote_average = 8.0,
                    vote_count = 10,
                }
            )
            : NotFound();
    }

    private static IResult Page<T>(IEnumerable<T> results)
    {
        var list = results.ToList();
        return Results.Json(
            new
            {
                page = 1,
                results = list,
                total_pages = list.Count == 0 ? 0 : 1,
                total_results = list.Count,
            }
        );
    }

    private static int? Year(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            ? year
            : null;

    private static IResult NotFound() =>
        Status(404, 34, "The resource you requested could not be found.");

    protected override IResult RateLimitedAnswer(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers["Retry-After"] = Math.Ceiling(retryAfter.TotalSeconds)
            .ToString(CultureInfo.InvariantCulture);
        return Status(429, 25, "Your request count (#) is over the allowed limit of (40).");
    }

    protected override IResult ServerErrorAnswer() =>
        Status(500, 11, "Internal error: Something went wrong, contact TMDb.");

    private static IResult Status(int http, int code, string message) =>
        Results.Json(
            new
            {
                success = false,
                status_code = code,
                status_message = message,
            },
            statusCode: http
        );
}
