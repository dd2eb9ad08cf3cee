using System.Globalization;

namespace Sluice.Domain.Naming;

/// <summary>
/// Projects a <see cref="ReleaseInfo"/> onto the corpus schema (../shared/corpora/README.md), the
/// shape <c>sluice parse --json</c> prints. Keys the parser did not find are omitted, empty lists
/// included, so that "absent" reads the same in the corpus and in the output.
/// </summary>
public static class ReleaseInfoFields
{
    public const string Title = "title";
    public const string Season = "season";
    public const string Episodes = "episodes";
    public const string AbsoluteEpisodes = "absolute_episodes";
    public const string Year = "year";
    public const string ReleaseGroup = "release_group";
    public const string Resolution = "resolution";
    public const string Source = "source";
    public const string VideoCodec = "video_codec";
    public const string Kind = "kind";
    public const string AirDate = "air_date";

    /// <summary>Every corpus key, in schema order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Title,
        Season,
        Episodes,
        AbsoluteEpisodes,
        Year,
        ReleaseGroup,
        Resolution,
        Source,
        VideoCodec,
        Kind,
        AirDate,
    ];

    public static IReadOnlyDictionary<string, object> ToCorpusFields(ReleaseInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        AddText(fields, Title, info.Title);
        AddNumber(fields, Season, info.Season);
        AddList(fields, Episodes, info.Episodes);
        AddList(fields, AbsoluteEpisodes, info.AbsoluteEpisodes);
        AddNumber(fields, Year, info.Year);
        AddText(fields, ReleaseGroup, info.ReleaseGroup);
        AddText(fields, Resolution, info.Resolution);
        AddText(fields, Source, info.Source);
        AddText(fields, VideoCodec, info.VideoCodec);
        AddText(fields, Kind, KindName(info.Kind));
        AddText(
            fields,
            AirDate,
            info.AirDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        );
        return fields;
    }

    private static string? KindName(MediaKind kind) =>
        kind switch
        {
            MediaKind.Unknown => null,
            MediaKind.Episode => "episode",
            MediaKind.Movie => "movie",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown media kind."),
        };

    private static void AddText(Dictionary<string, object> fields, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields[key] = value;
        }
    }

    private static void AddNumber(Dictionary<string, object> fields, string key, int? value)
    {
        if (value is { } number)
        {
            fields[key] = number;
        }
    }

    private static void AddList(
        Dictionary<string, object> fields,
        string key,
        IReadOnlyList<int> values
    )
    {
        if (values.Count > 0)
        {
            fields[key] = values;
        }
    }
}
