using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sluice.Testing.Http;

/// <summary>
/// A local Jellyfin server for library updates: POST /Library/Media/Updated with
/// {"Updates": [{"Path", "UpdateType"}]} records each path and answers 204. The API key must
/// come as Authorization: MediaBrowser Token="…" (the one form Jellyfin 12 still reads by
/// default), else 401; a body without updates is a 400.
/// </summary>
public sealed class JellyfinStandIn : MediaServerStandIn
{
    private JellyfinStandIn(string apiKey, TimeProvider? time)
        : base(apiKey, time) { }

    public static async Task<JellyfinStandIn> StartAsync(string apiKey, TimeProvider? time = null)
    {
        var standIn = new JellyfinStandIn(apiKey, time);
        await standIn.StartServerAsync();
        return standIn;
    }

    /// <summary>The UpdateType of every recorded update, in order.</summary>
    public IReadOnlyList<string> UpdateTypes => [.. _types];

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _types = new();

    protected override void Map(WebApplication app) =>
        app.MapPost(
            "/Library/Media/Updated",
            (Delegate)((HttpContext context) => UpdatedAsync(context))
        );

    protected override bool Authorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var header
        && header.StartsWith("MediaBrowser ", StringComparison.Ordinal)
        && header.Contains($"Token=\"{Secret}\"", StringComparison.Ordinal);

    private async Task<IResult> UpdatedAsync(HttpContext context)
    {
        if (Refuse(context) is { } refusal)
        {
            return refusal;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        if (
            !body.RootElement.TryGetProperty("Updates", out var updates)
            || updates.ValueKind != JsonValueKind.Array
            || updates.GetArrayLength() == 0
        )
        {
            return Results.BadRequest();
        }

        foreach (var update in updates.EnumerateArray())
        {
            _types.Enqueue(update.GetProperty("UpdateType").GetString()!);
            Record(null, update.GetProperty("Path").GetString()!);
        }

        return Results.NoContent();
    }
}
