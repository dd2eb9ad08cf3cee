namespace Sluice.Tools.Ffmpeg;

/// <summary>
/// When a profile applies. Every condition that is set must hold; an empty list or a null
/// value is no condition. Pure.
/// </summary>
/// <remarks>
/// Codec and container names are ffprobe's ("h264", "hevc", "matroska"), with the names people
/// write accepted too: h265/x265 → hevc, avc/x264 → h264, mkv → matroska, ts → mpegts, mov/m4v →
/// mp4. The kind is the item's, from its parsed name: anime, episode, movie or unknown.
/// </remarks>
public sealed record EncodeConditions
{
    public static IReadOnlyList<string> KnownKinds { get; } =
    ["anime", "episode", "movie", "unknown"];

    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>The source's video codec is one of these.</summary>
    public IReadOnlyList<string> VideoCodecs { get; init; } = [];

    /// <summary>The source's video codec is none of these (e.g. transcode only what is not HEVC yet).</summary>
    public IReadOnlyList<string> NotVideoCodecs { get; init; } = [];

    /// <summary>The source's container is one of these.</summary>
    public IReadOnlyList<string> Containers { get; init; } = [];

    /// <summary>true: only files with a text subtitle track; false: only files without one.</summary>
    public bool? TextSubtitles { get; init; }

    /// <summary>The video is at least this many lines high.</summary>
    public int? MinHeight { get; init; }

    /// <summary>The video is at most this many lines high.</summary>
    public int? MaxHeight { get; init; }

    /// <summary>Null when every condition holds; otherwise the first one that does not, for the skip reason.</summary>
    public string? Mismatch(MediaInfo source, string kind)
    {
        ArgumentNullException.ThrowIfNull(source);
        var video = source.MainVideo;
        var codec = Codec(video?.CodecName ?? "");
        if (Kinds.Count > 0 && !Kinds.Contains(kind, StringComparer.OrdinalIgnoreCase))
        {
            return $"the file is {kind}, not {string.Join("/", Kinds)}";
        }

        if (VideoCodecs.Count > 0 && !VideoCodecs.Any(c => Codec(c) == codec))
        {
            return $"the video is {codec}, not {string.Join("/", VideoCodecs)}";
        }

        if (NotVideoCodecs.Any(c => Codec(c) == codec))
        {
            return $"the video is already {codec}";
        }

        if (Containers.Count > 0 && !Containers.Any(c => source.IsFormat(Container(c))))
        {
            return $"the container is {source.FormatName}, not {string.Join("/", Containers)}";
        }

        var hasText = source.Subtitles.Any(ContainerRules.IsText);
        if (TextSubtitles is { } wanted && wanted != hasText)
        {
            return wanted ? "there is no text subtitle" : "there is a text subtitle";
        }

        var height = video?.Height ?? 0;
        if (MinHeight is { } min && height < min)
        {
            return $"the video is {height} lines high, below {min}";
        }

        return MaxHeight is { } max && height > max
            ? $"the video is {height} lines high, above {max}"
            : null;
    }

    /// <summary>ffprobe's codec name for what a user may write.</summary>
    public static string Codec(string name) =>
        name.ToLowerInvariant() switch
        {
            "h265" or "x265" or "hevc" => "hevc",
            "h264" or "x264" or "avc" => "h264",
            var other => other,
        };

    /// <summary>ffprobe's format name for what a user may write.</summary>
    public static string Container(string name) =>
        name.ToLowerInvariant() switch
        {
            "mkv" or "matroska" => "matroska",
            "ts" or "m2ts" or "mpegts" => "mpegts",
            "mov" or "m4v" or "mp4" => "mp4",
            var other => other,
        };
}
