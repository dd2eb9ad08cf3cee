namespace Sluice.Tools.Ffmpeg;

/// <summary>What a profile does with a file.</summary>
public enum EncodeAction
{
    /// <summary>Burn the main text subtitle (or only signs and songs, for a dub) into a re-encoded picture.</summary>
    Hardsub,

    /// <summary>Re-encode the video to <see cref="EncodeProfile.Video"/>.</summary>
    Transcode,

    /// <summary>Change the container, copying every stream it can hold and encoding the rest.</summary>
    Remux,
}

/// <summary>The container an output is written in.</summary>
public enum OutputContainer
{
    /// <summary>Video and one audio track; subtitles and attachments are left out (burned or dropped).</summary>
    Mp4,

    /// <summary>Video, one audio track, and (except for a hardsub) every subtitle track and attachment.</summary>
    Mkv,
}

/// <summary>The video encoder settings of a profile.</summary>
/// <param name="Quality">CRF (or the hardware encoder's equivalent): lower is better.</param>
/// <param name="Preset">x264's preset names.</param>
public sealed record VideoTarget(VideoFormat Format, int Quality, string Preset)
{
    public static VideoTarget Default { get; } = new(VideoFormat.H264, 20, "veryfast");
}

/// <summary>
/// One entry of the ordered profile list: the first whose <see cref="When"/> matches a file (and
/// whose action has something to do with it) decides the encode. Pure data.
/// </summary>
public sealed record EncodeProfile(
    string Name,
    EncodeAction Action,
    EncodeConditions When,
    VideoTarget Video,
    OutputContainer Container = OutputContainer.Mp4,
    string AudioBitrate = "192k"
)
{
    /// <summary>
    /// The behaviour before profiles were configurable: burn in a text subtitle when there is
    /// one, otherwise remux into mp4; a file that already plays everywhere is skipped.
    /// </summary>
    public static IReadOnlyList<EncodeProfile> Defaults { get; } =
    [
        new(
            "hardsub",
            EncodeAction.Hardsub,
            new EncodeConditions { TextSubtitles = true },
            VideoTarget.Default
        ),
        new("remux", EncodeAction.Remux, new EncodeConditions(), VideoTarget.Default),
    ];
}

/// <summary>What containers carry well enough to copy into, and what counts as text subtitles.</summary>
public static class ContainerRules
{
    // aac/mp3/ac3 play in every mp4 player; anything else (opus, flac, dts, truehd…) is encoded to aac.
    private static readonly HashSet<string> Mp4Audio = ["aac", "mp3", "ac3"];

    // Video codecs mp4 carries well enough to copy; anything else (mpeg2, vc1, wmv…) is transcoded.
    private static readonly HashSet<string> Mp4Video = ["h264", "hevc", "av1", "vp9", "mpeg4"];

    private static readonly HashSet<string> Text =
    [
        "ass",
        "ssa",
        "subrip",
        "webvtt",
        "mov_text",
        "text",
    ];

    public static bool IsText(MediaStream subtitle) => Text.Contains(subtitle.CodecName ?? "");

    public static bool CarriesAudio(OutputContainer container, string? codec) =>
        container == OutputContainer.Mkv || Mp4Audio.Contains(codec ?? "");

    public static bool CarriesVideo(OutputContainer container, string? codec) =>
        container == OutputContainer.Mkv || Mp4Video.Contains(codec ?? "");

    /// <summary>True when the source already is in <paramref name="container"/> (mov counts as mp4).</summary>
    public static bool IsIn(MediaInfo source, OutputContainer container) =>
        container switch
        {
            OutputContainer.Mp4 => source.IsFormat("mp4") || source.IsFormat("mov"),
            OutputContainer.Mkv => source.IsFormat("matroska"),
            _ => throw new ArgumentOutOfRangeException(nameof(container), container, null),
        };

    public static string Extension(OutputContainer container) =>
        container switch
        {
            OutputContainer.Mp4 => ".mp4",
            OutputContainer.Mkv => ".mkv",
            _ => throw new ArgumentOutOfRangeException(nameof(container), container, null),
        };

    public static string Muxer(OutputContainer container) =>
        container switch
        {
            OutputContainer.Mp4 => "mp4",
            OutputContainer.Mkv => "matroska",
            _ => throw new ArgumentOutOfRangeException(nameof(container), container, null),
        };
}
