using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sluice.Node.Metadata;

/// <summary>URLs and the shapes of TMDB's answers (snake_case JSON).</summary>
public sealed partial class TmdbClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static string Search(string kind, string query, (string Name, int? Value) year)
    {
        var path =
            $"3/search/{kind}?query={Uri.EscapeDataString(query)}&include_adult=false&language=en-US&page=1";
        return year.Value is { } value
            ? path + string.Create(CultureInfo.InvariantCulture, $"&{year.Name}={value}")
            : path;
    }

    private static ProviderResult<IReadOnlyList<TMatch>> Results<TDto, TMatch>(
        ProviderResult<SearchPage<TDto>> page,
        Func<TDto, TMatch?> map
    )
        where TDto : class
        where TMatch : class
    {
        if (page.Status != ProviderStatus.Found)
        {
            return page.Without<IReadOnlyList<TMatch>>();
        }

        List<TMatch> found = [.. page.Value!.Results!.OfType<TDto>().Select(map).OfType<TMatch>()];
        return found.Count == 0
            ? ProviderResult.NotFound<IReadOnlyList<TMatch>>()
            : ProviderResult.Found<IReadOnlyList<TMatch>>(found);
    }

    /// <summary>The value, or null for anything that is not the expected JSON.</summary>
    private static T? Deserialize<T>(string body)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Json);
            return
                value
                    is SearchPage<TvDto> { Results: null }
                        or SearchPage<MovieDto> { Results: null }
                ? null
                : value;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"2015-12-14" is 2015; TMDB writes "" for an unknown date.</summary>
    private static int? YearOf(string? date) =>
        date is { Length: >= 4 }
        && int.TryParse(
            date.AsSpan(0, 4),
            NumberStyles.None,
            CultureInfo.InvariantCulture,
            out var year
        )
            ? year
            : null;

    [GeneratedRegex(@"^Episode \d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private sealed record SearchPage<T>(List<T?>? Results);

    private sealed record TvDto(int Id, string? Name, string? OriginalName, string? FirstAirDate);

    private sealed record MovieDto(
        int Id,
        string? Title,
        string? OriginalTitle,
        string? ReleaseDate
    );

    private sealed record EpisodeDto(string? Name);
}
