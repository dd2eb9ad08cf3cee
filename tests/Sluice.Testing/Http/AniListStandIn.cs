using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sluice.Testing.Http;

/// <summary>An anime the AniList stand-in knows, in AniList's terms.</summary>
public sealed record AniListEntry(int Id, string Romaji)
{
    public int? MalId { get; init; }

    public string? English { get; init; }
    public string? Native { get; init; }
    public IReadOnlyList<string> Synonyms { get; init; } = [];
    public int? SeasonYear { get; init; }
    public int? StartYear { get; init; }
    public int? Episodes { get; init; }

    /// <summary>MediaFormat: TV, TV_SHORT, MOVIE, SPECIAL, OVA, ONA, MUSIC.</summary>
    public string Format { get; init; } = "TV";
    public string? Studio { get; init; }
    public int? AverageScore { get; init; }
    public int Popularity { get; init; }

    public string CoverUrl =>
        $"https://s4.anilist.co/file/anilistcdn/media/anime/cover/large/bx{Id}.jpg";

    public string SiteUrl => $"https://anilist.co/anime/{Id}";
}

/// <summary>
/// A local stand-in for AniList's GraphQL API (POST / with {"query", "variables"}). Answers the
/// anime search in both forms, <c>Page { media(search:, type: ANIME) }</c> (a list, empty when
/// nothing resembles the search) and <c>Media(search:, type: ANIME)</c> (the first hit, or
/// AniList's HTTP 404 "Not Found."), from a catalogue the test seeds; catalogue order stands
/// for AniList's relevance. It does not parse GraphQL: it checks that the query is an anime
/// search taking $search and answers every field the metadata client selects. Rate limits
/// look like AniList's: X-RateLimit-Limit/Remaining on every answer, and on a 429 also
/// Retry-After and X-RateLimit-Reset with a GraphQL error body. Users' anime lists answer
/// <c>MediaListCollection(userName:, type: ANIME, status_in:, chunk:, perChunk:)</c> in chunks,
/// and AniList's 404 "User not found" for a user it does not know.
/// </summary>
public sealed partial class AniListStandIn : ProviderStandIn
{
    private readonly ConcurrentQueue<AniListEntry> _catalogue = new();

    private AniListStandIn(TimeProvider? time)
        : base(time) { }

    public static async Task<AniListStandIn> StartAsync(TimeProvider? time = null)
    {
        var standIn = new AniListStandIn(time);
        await standIn.StartServerAsync();
        return standIn;
    }

    /// <summary>The endpoint to configure: AniList takes its POSTs at the root.</summary>
    public Uri Endpoint => BaseAddress;

    public AniListStandIn Add(params AniListEntry[] entries)
    {
        foreach (var entry in entries)
        {
            _catalogue.Enqueue(entry);
        }

        return this;
    }

    protected override void Map(WebApplication app) =>
        app.MapPost("/", (Delegate)((HttpContext context) => GraphQlAsync(context)));

    private async Task<IResult> GraphQlAsync(HttpContext context)
    {
        if (await FaultAsync(context) is { } fault)
        {
            return fault;
        }

        context.Response.Headers["X-RateLimit-Limit"] = "90";
        context.Response.Headers["X-RateLimit-Remaining"] = Math.Max(0, 90 - Requests)
            .ToString(CultureInfo.InvariantCulture);
        context.Request.EnableBuffering();
        if (await ListAsync(context) is { } list)
        {
            return list;
        }

        context.Request.Body.Position = 0;
        if (await ReadSearchAsync(context) is not { } request)
        {
            return Error(
                400,
                "Expected an anime search: query with Media(search: $search, type: ANIME) and variables.search."
            );
        }

        Record(request.Search);
        var hits = _catalogue
            .Where(e => Resembles(request.Search, [e.Romaji, e.English, e.Native, .. e.Synonyms]))
            .ToList();
        if (request.Paged)
        {
            return Results.Json(new { data = new { Page = new { media = hits.Select(Media) } } });
        }

        return hits.Count > 0
            ? Results.Json(new { data = new { Media = Media(hits[0]) } })
            : Results.Json(
                new
                {
                    errors = new[]
                    {
                        new
                        {
                            message = "Not Found.",
                            status = 404,
                            locations = new[] { new { line = 2, column = 3 } },
                        },
                    },
                    data = new { Media = (object?)null },
                },
                statusCode: 404
            );
    }

    private static async Task<(string Search, bool Paged)?> ReadSearchAsync(HttpContext context)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var root = body.RootElement;
            if (
                !context.Request.HasJsonContentType()
                || !root.TryGetProperty("query", out var query)
                || query.GetString() is not { } text
                || !root.TryGetProperty("variables", out var variables)
                || !variables.TryGetProperty("search", out var search)
                || search.GetString() is not { } value
            )
            {
                return null;
            }

            var compact = text.Replace(" ", "", StringComparison.Ordinal);
            var anime =
                compact.Contains("search:$search", StringComparison.Ordinal)
                && compact.Contains("type:ANIME", StringComparison.Ordinal);
            var paged =
                compact.Contains("Page(", StringComparison.Ordinal)
                && compact.Contains("media(", StringComparison.Ordinal);
            var single = compact.Contains("Media(", StringComparison.Ordinal);
            return anime && (paged || single) ? (value, paged) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object Media(AniListEntry e) =>
        new
        {
            id = e.Id,
            idMal = e.MalId,
            title = new
            {
                romaji = e.Romaji,
                english = e.English,
                native = e.Native,
            },
            synonyms = e.Synonyms,
            seasonYear = e.SeasonYear,
            startDate = new
            {
                year = e.StartYear ?? e.SeasonYear,
                month = (int?)null,
                day = (int?)null,
            },
            episodes = e.Episodes,
            format = e.Format,
            coverImage = new { large = e.CoverUrl },
            studios = new { nodes = e.Studio is null ? [] : new[] { new { name = e.Studio } } },
            averageScore = e.AverageScore,
            popularity = e.Popularity,
            siteUrl = e.SiteUrl,
        };

    protected override IResult RateLimitedAnswer(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Limit"] = "90";
        context.Response.Headers["X-RateLimit-Remaining"] = "0";
        context.Response.Headers["X-RateLimit-Reset"] = (
            Time.GetUtcNow().ToUnixTimeSeconds() + seconds
        ).ToString(CultureInfo.InvariantCulture);
        return Error(429, "Too Many Requests.");
    }

    protected override IResult ServerErrorAnswer() => Error(500, "Internal Server Error");

    private static IResult Error(int status, string message) =>
        Results.Json(
            new { data = (object?)null, errors = new[] { new { message, status } } },
            statusCode: status
        );
}
