using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sluice.Testing.Http;

/// <summary>An anime on a MyAnimeList user's list, in MAL's terms.</summary>
/// <param name="Status">watching, completed, on_hold, dropped or plan_to_watch.</param>
public sealed record MalEntry(int Id, string Title, string Status)
{
    public string? English { get; init; }
    public string? Japanese { get; init; }
    public IReadOnlyList<string> Synonyms { get; init; } = [];
}

/// <summary>
/// A local stand-in for MyAnimeList's API v2 user lists: GET /v2/users/{user}/animelist with
/// status, fields, limit and offset, answered a page at a time with paging.next as an absolute
/// URL (as MAL does), the X-MAL-CLIENT-ID header checked (401 without the right one), and 404
/// for a user it does not know. Fields are only sent when asked for (list_status,
/// alternative_titles), as MAL does.
/// </summary>
public sealed class MalStandIn : ProviderStandIn
{
    private readonly ConcurrentDictionary<string, MalEntry[]> _lists = new(
        StringComparer.OrdinalIgnoreCase
    );

    private MalStandIn(string clientId, TimeProvider? time)
        : base(time) => ClientId = clientId;

    public string ClientId { get; }

    /// <summary>The largest page it serves, whatever limit asks for (MAL's is 1000).</summary>
    public int MaxLimit { get; set; } = 1000;

    /// <summary>The API base to configure (…/v2/).</summary>
    public Uri Endpoint => new(BaseAddress, "/v2/");

    public static async Task<MalStandIn> StartAsync(string clientId, TimeProvider? time = null)
    {
        var standIn = new MalStandIn(clientId, time);
        await standIn.StartServerAsync();
        return standIn;
    }

    public MalStandIn SetList(string user, params MalEntry[] entries)
    {
        _lists[user] = entries;
        return this;
    }

    protected override void Map(WebApplication app) =>
        app.MapGet(
            "/v2/users/{user}/animelist",
            (Delegate)(
                (HttpContext context) =>
                    ListAsync((string)context.Request.RouteValues["user"]!, context)
            )
        );

    private async Task<IResult> ListAsync(string user, HttpContext context)
    {
        if (await FaultAsync(context) is { } fault)
        {
            return fault;
        }

        if (context.Request.Headers["X-MAL-CLIENT-ID"] != ClientId)
        {
            return Results.Json(
                new { error = "invalid_client", message = "invalid client id" },
                statusCode: 401
            );
        }

        var query = context.Request.Query;
        var limit = Math.Min(Number(query["limit"], 10), MaxLimit);
        var offset = Number(query["offset"], 0);
        var fields = ((string?)query["fields"] ?? "").Split(',');
        var status = (string?)query["status"];
        Record($"list:{user}?offset={offset}");
        if (!_lists.TryGetValue(user, out var list))
        {
            return Results.Json(new { error = "not_found", message = "" }, statusCode: 404);
        }

        var matching = list.Where(e => status is null || e.Status == status).ToList();
        var page = matching.Skip(offset).Take(limit).ToList();
        var next =
            offset + limit < matching.Count
                ? new Uri(
                    BaseAddress,
                    $"/v2/users/{Uri.EscapeDataString(user)}/animelist?offset={offset + limit}&limit={limit}"
                        + (status is null ? "" : $"&status={status}")
                        + $"&fields={string.Join(',', fields)}"
                ).ToString()
                : null;
        return Results.Json(
            new
            {
                data = page.Select(e => new Dictionary<string, object?>
                {
                    ["node"] = Node(e, fields.Contains("alternative_titles")),
                    ["list_status"] = fields.Contains("list_status")
                        ? new { status = e.Status, score = 0 }
                        : null,
                }),
                paging = next is null
                    ? new Dictionary<string, string>()
                    : new() { ["next"] = next },
            }
        );
    }

    private static Dictionary<string, object?> Node(MalEntry e, bool alternative)
    {
        var node = new Dictionary<string, object?>
        {
            ["id"] = e.Id,
            ["title"] = e.Title,
            ["main_picture"] = new
            {
                medium = $"https://cdn.myanimelist.net/images/anime/{e.Id}.jpg",
            },
        };
        if (alternative)
        {
            node["alternative_titles"] = new
            {
                synonyms = e.Synonyms,
                en = e.English ?? "",
                ja = e.Japanese ?? "",
            };
        }

        return node;
    }

    private static int Number(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : fallback;

    protected override IResult RateLimitedAnswer(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers["Retry-After"] = (
            (long)Math.Ceiling(retryAfter.TotalSeconds)
        ).ToString(CultureInfo.InvariantCulture);
        return Results.Json(new { error = "too_many_requests" }, statusCode: 429);
    }

    protected override IResult ServerErrorAnswer() =>
        Results.Json(new { error = "internal_error" }, statusCode: 500);
}
