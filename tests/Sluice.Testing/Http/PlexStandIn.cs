using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sluice.Testing.Http;

/// <summary>
/// A local Plex Media Server for library refreshes: GET /library/sections lists the sections
/// the test gave it (JSON when asked with Accept: application/json, as Plex answers), and
/// GET /library/sections/{key}/refresh?path=… records a partial scan of that folder. Every
/// request must carry the token as X-Plex-Token (header or query parameter), else 401.
/// </summary>
public sealed class PlexStandIn : MediaServerStandIn
{
    private readonly IReadOnlyList<(string Key, string Location)> _sections;

    private PlexStandIn(string token, IReadOnlyList<(string, string)> sections, TimeProvider? time)
        : base(token, time) => _sections = sections;

    /// <param name="sections">Library sections: key and folder (one location each).</param>
    public static async Task<PlexStandIn> StartAsync(
        string token,
        IReadOnlyList<(string Key, string Location)> sections,
        TimeProvider? time = null
    )
    {
        var standIn = new PlexStandIn(token, sections, time);
        await standIn.StartServerAsync();
        return standIn;
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/library/sections", (Delegate)((HttpContext context) => Sections(context)));
        app.MapGet(
            "/library/sections/{key}/refresh",
            (Delegate)((HttpContext context) => RefreshSection(context))
        );
    }

    protected override bool Authorized(HttpRequest request) =>
        (
            request.Headers["X-Plex-Token"].ToString() is { Length: > 0 } header
                ? header
                : request.Query["X-Plex-Token"].ToString()
        ) == Secret;

    private IResult Sections(HttpContext context)
    {
        if (Refuse(context) is { } refusal)
        {
            return refusal;
        }

        if (
            !context
                .Request.Headers.Accept.ToString()
                .Contains("application/json", StringComparison.Ordinal)
        )
        {
            return Results.Text("<MediaContainer/>", "application/xml");
        }

        return Results.Json(
            new
            {
                MediaContainer = new
                {
                    size = _sections.Count,
                    Directory = _sections.Select(s => new
                    {
                        key = s.Key,
                        title = s.Location,
                        type = "show",
                        Location = new[] { new { id = 1, path = s.Location } },
                    }),
                },
            },
            // Plex's own casing: MediaContainer, Directory, Location; key, path.
            new System.Text.Json.JsonSerializerOptions()
        );
    }

    private IResult RefreshSection(HttpContext context)
    {
        if (Refuse(context) is { } refusal)
        {
            return refusal;
        }

        var key = context.Request.RouteValues["key"] as string ?? "";
        if (_sections.All(s => s.Key != key))
        {
            return Results.NotFound();
        }

        Record(key, context.Request.Query["path"].ToString());
        return Results.Ok();
    }
}
