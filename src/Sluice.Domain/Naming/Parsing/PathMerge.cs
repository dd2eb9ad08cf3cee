using Sluice.Domain.Naming.Scoring;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Combines the file name with its folders. The file speaks first; folders fill what it leaves
/// out ("Season 2/", "Doctor Who (2005)/", a release folder around an obfuscated file), and take
/// over the title when the file carries only an episode title or a scene abbreviation.
/// </summary>
internal static partial class PathMerge
{
    // Deeper folders are mount points and library roots, not names.
    private const int FolderDepth = 3;

    public static ReleaseInfo Parse(string? name)
    {
        var input = PathInput.Split(name);
        var folders = input
            .Folders.TakeLast(FolderDepth)
            .Reverse()
            .Select(folder => SegmentParser.Parse(folder, seasonHint: null))
            .ToList(); // nearest first
        var seasonHint = folders
            .Select(folder => folder.Season)
            .FirstOrDefault(season => season is not null);
        var file = SegmentParser.Parse(input.Stem, seasonHint);
        file = PreferReversed(input.Stem, file, seasonHint);

        var release = folders.Find(IsRelease);
        var merged = file;
        if (IsObfuscated(input.Stem, file) && release is not null)
        {
            merged = release;
        }
        else if (
            folders.Count > 0
            && folders[0].HasEpisodeNumbers
            && folders[0].Title is not null
            && IsEmpty(file)
        )
        {
            merged = folders[0]; // "Show - Episode 3 - Part 1/Part 2.mkv": the folder is the episode.
        }

        var show =
            folders.Find(folder =>
                folder.Title is not null && !IsGeneric(folder) && folder.Season is null
            ) ?? folders.Find(folder => folder.Title is not null && !IsGeneric(folder));
        var seasonFolder = folders.Any(folder => folder.Season is not null && folder.Title is null);
        var abbreviated = IsAbbreviated(file, release);

        var title = merged.Title;
        if (abbreviated)
        {
            title = release!.Title;
        }
        else if (
            show is not null
            && (title is null || file.TitleAfterEpisode || (seasonFolder && HasNoMarkers(file)))
        )
        {
            title = show.Title;
        }

        var group = merged.Group;
        if (release?.Group is not null && (group is null || file.GroupFromPrefix || abbreviated))
        {
            group = release.Group;
        }

        var info = new ReleaseInfo
        {
            Title = title,
            Season = merged.Season ?? seasonHint,
            Episodes = merged.Episodes.ToArray(),
            AbsoluteEpisodes = merged.AbsoluteEpisodes.ToArray(),
            Year =
                merged.Year
                ?? folders.Select(folder => folder.Year).FirstOrDefault(year => year is not null),
            ReleaseGroup = group,
            Resolution =
                merged.Resolution
                ?? folders
                    .Select(folder => folder.Resolution)
                    .FirstOrDefault(value => value is not null),
            Source =
                merged.Source
                ?? folders
                    .Select(folder => folder.Source)
                    .FirstOrDefault(value => value is not null),
            VideoCodec =
                merged.VideoCodec
                ?? folders
                    .Select(folder => folder.VideoCodec)
                    .FirstOrDefault(value => value is not null),
            AirDate = merged.AirDate,
            EpisodeTitle = merged.EpisodeTitle,
            Checksum = merged.Checksum,
            Version = merged.Version,
            Extension = input.Extension,
            Languages = merged.Languages.ToArray(),
            SubtitleTags = merged.SubtitleTags.ToArray(),
        };
        var kind = DecideKind(info, merged);
        return info with { Kind = kind, IsConfident = IsConfident(info, kind) };
    }

    private static MediaKind DecideKind(ReleaseInfo info, SegmentFacts facts) =>
        facts.Kind == MediaKind.Unknown && info.Title is not null ? MediaKind.Movie
        : facts.Kind != MediaKind.Episode && info.Season is not null ? MediaKind.Episode
        : info.Title is null ? MediaKind.Unknown
        : facts.Kind;

    /// <summary>Enough to file it: a titled episode with a number or date, or a titled film with a year or technical markers.</summary>
    private static bool IsConfident(ReleaseInfo info, MediaKind kind)
    {
        if (string.IsNullOrWhiteSpace(info.Title))
        {
            return false;
        }

        var technical =
            (info.Resolution is null ? 0 : 1)
            + (info.Source is null ? 0 : 1)
            + (info.VideoCodec is null ? 0 : 1);
        return kind switch
        {
            MediaKind.Episode => info.Episodes.Count > 0
                || info.AbsoluteEpisodes.Count > 0
                || info.AirDate is not null,
            MediaKind.Movie => info.Year is not null || technical >= 2,
            MediaKind.Unknown => false,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown media kind."),
        };
    }
}
