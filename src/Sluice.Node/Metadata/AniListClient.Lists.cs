using System.Text;
using System.Text.Json;

namespace Sluice.Node.Metadata;

/// <summary>A user's anime list, through the same rate limit and "down" switch as the searches.</summary>
public sealed partial class AniListClient
{
    private const int MaxChunks = 20;

    private const string ListQuery = """
        query ($userName: String, $statuses: [MediaListStatus], $chunk: Int) {
          MediaListCollection(userName: $userName, type: ANIME, status_in: $statuses, chunk: $chunk, perChunk: 500) {
            hasNextChunk
            lists {
              entries {
                status
                media { id title { romaji english native } synonyms }
              }
            }
          }
        }
        """;

    /// <summary>
    /// The shows on <paramref name="user"/>'s anime list with one of <paramref name="statuses"/>
    /// (AniList's MediaListStatus), as (id, titles). NotFound when AniList has no such user.
    /// </summary>
    public async Task<
        ProviderResult<IReadOnlyList<(int Id, IReadOnlyList<string> Titles)>>
    > ListAsync(string user, IReadOnlyList<string> statuses, CancellationToken ct)
    {
        if (!IsEnabled)
        {
            return ProviderResult.Unavailable<IReadOnlyList<(int, IReadOnlyList<string>)>>();
        }

        var shows = new List<(int, IReadOnlyList<string>)>();
        for (var chunk = 1; chunk <= MaxChunks; chunk++)
        {
            var body = JsonSerializer.Serialize(
                new
                {
                    query = ListQuery,
                    variables = new
                    {
                        userName = user,
                        statuses,
                        chunk,
                    },
                }
            );
            var what = $"the anime list of AniList user {user}";
            var sent = await PostAsync(body, what, ct);
            if (sent.Status != ProviderStatus.Found)
            {
                return sent.Without<IReadOnlyList<(int, IReadOnlyList<string>)>>();
            }

            if (ParseList(sent.Value!) is not { } page)
            {
                _gate.MarkDown($"{what} answered with something that is not the expected JSON");
                return ProviderResult.Unavailable<IReadOnlyList<(int, IReadOnlyList<string>)>>();
            }

            shows.AddRange(page.Shows);
            if (!page.More)
            {
                return ProviderResult.Found<IReadOnlyList<(int, IReadOnlyList<string>)>>(shows);
            }
        }

        _gate.MarkDown($"the anime list of AniList user {user} has more than {MaxChunks} chunks");
        return ProviderResult.Unavailable<IReadOnlyList<(int, IReadOnlyList<string>)>>();
    }

    private static (List<(int, IReadOnlyList<string>)> Shows, bool More)? ParseList(string body)
    {
        ListAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize<ListAnswer>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (answer?.Data?.MediaListCollection is not { } collection)
        {
            return null;
        }

        var shows = (collection.Lists ?? [])
            .SelectMany(l => l?.Entries ?? [])
            .Select(e => e?.Media)
            .OfType<ListMediaDto>()
            .Where(m => m.Id > 0)
            .Select(m =>
                (
                    m.Id,
                    (IReadOnlyList<string>)
                        [
                            .. new[] { m.Title?.Romaji, m.Title?.English, m.Title?.Native }
                                .Concat(m.Synonyms ?? [])
                                .OfType<string>()
                                .Where(t => t.Trim().Length > 0),
                        ]
                )
            )
            .ToList();
        return (shows, collection.HasNextChunk == true);
    }

    private sealed record ListAnswer(ListDataDto? Data);

    private sealed record ListDataDto(CollectionDto? MediaListCollection);

    private sealed record CollectionDto(bool? HasNextChunk, List<ListGroupDto?>? Lists);

    private sealed record ListGroupDto(List<ListEntryDto?>? Entries);

    private sealed record ListEntryDto(string? Status, ListMediaDto? Media);

    private sealed record ListMediaDto(int Id, TitleDto? Title, List<string?>? Synonyms);
}
