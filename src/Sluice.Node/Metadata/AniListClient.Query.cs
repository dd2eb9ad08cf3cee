using System.Text.Json;

namespace Sluice.Node.Metadata;

/// <summary>The search query and the shape of its answer.</summary>
public sealed partial class AniListClient
{
    // Page.media rather than Media(search:): a list of candidates to check titles against
    // instead of AniList's single guess, and "nothing" is an empty list, where Media(search:)
    // answers HTTP 404 "Not Found.".
    private const string SearchQuery = """
        query ($search: String) {
          Page(page: 1, perPage: 10) {
            media(search: $search, type: ANIME) {
              id
              idMal
              title { romaji english native }
              synonyms
              seasonYear
              startDate { year }
              episodes
              format
              coverImage { large }
              studios(isMain: true) { nodes { name } }
              averageScore
              popularity
              siteUrl
            }
          }
        }
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The candidates, or null when the answer is not what the query asks for.</summary>
    private static List<AnimeMatch>? Parse(string body)
    {
        Answer? answer;
        try
        {
            answer = JsonSerializer.Deserialize<Answer>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (answer?.Data?.Page?.Media is not { } media)
        {
            return null;
        }

        return
        [
            .. media
                .Where(m => m is { Id: > 0 } && FirstTitle(m.Title) is not null)
                .Select(m => new AnimeMatch
                {
                    Id = m!.Id,
                    MalId = m.IdMal is > 0 ? m.IdMal : null,
                    Title = FirstTitle(m.Title)!,
                    EnglishTitle = Blank(m.Title?.English),
                    NativeTitle = Blank(m.Title?.Native),
                    Synonyms = [.. (m.Synonyms ?? []).OfType<string>().Where(s => s.Length > 0)],
                    Year = m.SeasonYear ?? m.StartDate?.Year,
                    Episodes = m.Episodes,
                    Format = m.Format,
                    CoverUrl = m.CoverImage?.Large,
                    Studio = m.Studios?.Nodes?.Select(n => Blank(n?.Name)).FirstOrDefault(),
                    Score = m.AverageScore,
                    Popularity = m.Popularity,
                    SiteUrl = m.SiteUrl,
                }),
        ];
    }

    private static string? FirstTitle(TitleDto? title) =>
        Blank(title?.Romaji) ?? Blank(title?.English) ?? Blank(title?.Native);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private sealed record Answer(DataDto? Data);

    private sealed record DataDto(PageDto? Page);

    private sealed record PageDto(List<MediaDto?>? Media);

    private sealed record MediaDto(
        int Id,
        int? IdMal,
        TitleDto? Title,
        List<string?>? Synonyms,
        int? SeasonYear,
        DateDto? StartDate,
        int? Episodes,
        string? Format,
        ImageDto? CoverImage,
        StudiosDto? Studios,
        int? AverageScore,
        int? Popularity,
        string? SiteUrl
    );

    private sealed record TitleDto(string? Romaji, string? English, string? Native);

    private sealed record DateDto(int? Year);

    private sealed record ImageDto(string? Large);

    private sealed record StudiosDto(List<StudioDto?>? Nodes);

    private sealed record StudioDto(string? Name);
}
