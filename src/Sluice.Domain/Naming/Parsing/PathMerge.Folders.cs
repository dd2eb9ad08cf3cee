namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// What a folder or file name is: a release, a generic library folder, an obfuscated or reversed
/// file, a scene abbreviation of its folder.
/// </summary>
internal static partial class PathMerge
{
    private static readonly HashSet<string> GenericFolders = new(StringComparer.Ordinal)
    {
        "series",
        "tvseries",
        "tv",
        "tvshows",
        "shows",
        "show",
        "movies",
        "movie",
        "films",
        "film",
        "videos",
        "video",
        "media",
        "downloads",
        "download",
        "downloadsfinished",
        "complete",
        "completed",
        "incoming",
        "unsorted",
        "anime",
        "home",
        "share",
        "public",
        "volumes",
        "data",
        "tmp",
        "temp",
        "library",
        "plex",
        "jellyfin",
        "extras",
        "specials",
        "sample",
        "subs",
        "subtitles",
        "torrents",
    };

    // "QoQ-sbuSLN.462.H.1.5DD.LD-BEW.p0801.70E10S.5102.sregnesseM.ehT": some posters reverse names.
    private static SegmentFacts PreferReversed(string stem, SegmentFacts file, int? seasonHint)
    {
        if (file.Evidence >= 2 && (file.Season is not null || file.HasEpisodeNumbers))
        {
            return file;
        }

        var chars = stem.ToCharArray();
        Array.Reverse(chars);
        var reversed = SegmentParser.Parse(new string(chars), seasonHint);
        return
            reversed.Evidence >= file.Evidence + 2
            && (
                reversed.Season is not null
                || reversed.HasEpisodeNumbers
                || reversed.Resolution is not null
            )
            ? reversed
            : file;
    }

    private static bool IsRelease(SegmentFacts folder) =>
        folder.Title is not null && folder.Evidence >= 2;

    private static bool IsEmpty(SegmentFacts file) => HasNoMarkers(file) && file.Evidence == 0;

    // Hashes and numbered dumps: "c48db7d2aeb040e8a920a9fd6effcbf4", "160725_02".
    private static bool IsObfuscated(string stem, SegmentFacts file)
    {
        var digits = stem.Count(char.IsAsciiDigit);
        var letters = stem.Count(char.IsLetter);
        if (letters == 0)
        {
            return digits > 0;
        }

        var oneWord = !stem.Any(char.IsWhiteSpace) && !stem.Contains('.', StringComparison.Ordinal);
        return oneWord
            && file.Evidence == 0
            && !file.HasEpisodeNumbers
            && stem.Length >= 12
            && digits >= 2
            && letters >= 2;
    }

    // Scene files abbreviate the folder's name: "Charlie.And.Boots.DVDRip.XviD-TheWretched/wthd-cab.avi".
    private static bool IsAbbreviated(SegmentFacts file, SegmentFacts? release)
    {
        if (release?.Title is null || file.Title is null || file.Title.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var fileKey = NameKey.Of(file.Title);
        var folderKey = NameKey.Of(release.Title);
        return fileKey != folderKey;
    }

    private static bool HasNoMarkers(SegmentFacts file) =>
        !file.HasEpisodeNumbers
        && file.Season is null
        && !file.EpisodeMarker
        && file.AirDate is null
        && file.Year is null;

    private static bool IsGeneric(SegmentFacts folder)
    {
        var key = NameKey.Of(folder.Title ?? "");
        return key.Length <= 1
            || GenericFolders.Contains(key)
            || !key.Any(char.IsLetter)
            || (key.Length >= 16 && key.Count(char.IsAsciiDigit) >= 4);
    }
}
