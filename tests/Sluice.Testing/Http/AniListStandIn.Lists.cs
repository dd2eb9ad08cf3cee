using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Sluice.Testing.Http;

/// <summary>AniList users' anime lists: MediaListCollection, in chunks.</summary>
public sealed partial class AniListStandIn
{
    private readonly ConcurrentDictionary<string, (int Id, string Status)[]> _lists = new(
        StringComparer.OrdinalIgnoreCase
    );

    /// <summary>Gives <paramref name="user"/> a list of catalogue entries (by id) with their MediaListStatus.</summary>
    public AniListStandIn SetList(string user, params (int Id, string Status)[] entries)
    {
        _lists[user] = entries;
        return this;
    }

    /// <summary>The answer to a list query, or null when the request is not one.</summary>
    private async Task<IResult?> ListAsync(HttpContext context)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (body)
        {
            var root = body.RootElement;
            if (
                !root.TryGetProperty("query", out var query)
                || query.GetString() is not { } text
                || !text.Contains("MediaListCollection(", StringComparison.Ordinal)
            )
            {
                return null;
            }

            var compact = text.Replace(" ", "", StringComparison.Ordinal);
            if (
                !compact.Contains("userName:$userName", StringComparison.Ordinal)
                || !compact.Contains("type:ANIME", StringComparison.Ordinal)
                || !compact.Contains("status_in:$statuses", StringComparison.Ordinal)
                || !root.TryGetProperty("variables", out var variables)
                || !variables.TryGetProperty("userName", out var userName)
                || userName.GetString() is not { } user
                || !variables.TryGetProperty("statuses", out var statuses)
                || statuses.ValueKind != JsonValueKind.Array
            )
            {
                return Error(
                    400,
                    "Expected MediaListCollection(userName: $userName, type: ANIME, status_in: $statuses) with both variables."
                );
            }

            var chunk =
                variables.TryGetProperty("chunk", out var c) && c.ValueKind == JsonValueKind.Number
                    ? c.GetInt32()
                    : 1;
            var perChunk = PerChunk().Match(compact) is { Success: true } m
                ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
                : 500;
            Record($"list:{user}");
            if (!_lists.TryGetValue(user, out var list))
            {
                return Results.Json(
                    new
                    {
                        errors = new[] { new { message = "User not found", status = 404 } },
                        data = new { MediaListCollection = (object?)null },
                    },
                    statusCode: 404
                );
            }

            var wanted = statuses.EnumerateArray().Select(s => s.GetString()).ToHashSet();
            var catalogue = _catalogue.ToDictionary(e => e.Id);
            var matching = list.Where(e => wanted.Contains(e.Status)).ToList();
            var page = matching.Skip((chunk - 1) * perChunk).Take(perChunk).ToList();
            return Results.Json(
                new
                {
                    data = new
                    {
                        MediaListCollection = new
                        {
                            hasNextChunk = chunk * perChunk < matching.Count,
                            lists = page.GroupBy(e => e.Status)
                                .Select(g => new
                                {
                                    entries = g.Select(e => new
                                    {
                                        status = e.Status,
                                        media = ListMedia(catalogue[e.Id]),
                                    }),
                                }),
                        },
                    },
                }
            );
        }
    }

    private static object ListMedia(AniListEntry e) =>
        new
        {
            id = e.Id,
            title = new
            {
                romaji = e.Romaji,
                english = e.English,
                native = e.Native,
            },
            synonyms = e.Synonyms,
        };

    [GeneratedRegex(@"perChunk:(\d+)")]
    private static partial Regex PerChunk();
}
