using System.Globalization;

namespace Sluice.Tools.Ffmpeg;

/// <summary>What to do with the video: copy the stream as it is, or encode it.</summary>
public abstract record VideoCodec
{
    private VideoCodec() { }

    /// <param name="Tag">A codec tag for the output, e.g. "hvc1" so Apple players accept copied HEVC in mp4.</param>
    public sealed record Copy(string? Tag = null) : VideoCodec;

    /// <param name="PixelFormat">yuv420p by default: 4:4:4 or 10-bit H.264 plays almost nowhere.</param>
    public sealed record Encode(
        string Encoder,
        string Preset,
        int Crf,
        string PixelFormat = "yuv420p"
    ) : VideoCodec;

    public static Encode X264(string preset = "veryfast", int crf = 20) =>
        new("libx264", preset, crf);
}

/// <summary>What to do with the audio.</summary>
public abstract record AudioCodec
{
    private AudioCodec() { }

    public sealed record Copy : AudioCodec;

    public sealed record Encode(string Encoder, string Bitrate) : AudioCodec;

    public static Encode Aac(string bitrate = "192k") => new("aac", bitrate);
}

/// <summary>Burn the subtitle stream number <paramref name="SubtitleIndex"/> (counted among subtitle streams only) of <paramref name="Path"/> into the picture.</summary>
public sealed record SubtitleBurnIn(string Path, int SubtitleIndex);

/// <summary>
/// An immutable description of one ffmpeg run, rendered to an argument list by
/// <see cref="ToArgumentList"/> (never to a string a shell would parse).
/// </summary>
/// <remarks>
/// Invariants of every rendering: <c>-n</c> (never overwrite: outputs go to fresh temp names),
/// <c>-progress pipe:1 -nostats</c> (machine-readable progress on stdout, stderr kept for
/// errors), explicit <c>-map</c>s when given (nothing picked by ffmpeg's heuristics), absolute
/// input and output paths (neither a flag nor a protocol like "concat:").
/// </remarks>
public sealed record FfmpegArguments
{
    public required string InputPath { get; init; }

    public required string OutputPath { get; init; }

    /// <summary>Absolute stream indexes of the input to keep, in output order. Empty: ffmpeg's default selection.</summary>
    public IReadOnlyList<int> Maps
    {
        get;
        init => field = [.. value];
    } = [];

    public VideoCodec Video { get; init; } = new VideoCodec.Copy();

    public AudioCodec Audio { get; init; } = new AudioCodec.Copy();

    public SubtitleBurnIn? BurnIn { get; init; }

    public string OutputFormat { get; init; } = "mp4";

    /// <summary>Move the mp4 index to the front so players can start before the download ends.</summary>
    public bool FastStart { get; init; } = true;

    /// <summary><c>-re</c>: read the input at its own pace (throttles an encode to real time).</summary>
    public bool ReadAtNativeRate { get; init; }

    public IReadOnlyList<string> ToArgumentList()
    {
        RequireAbsolute(InputPath, nameof(InputPath));
        RequireAbsolute(OutputPath, nameof(OutputPath));
        if (BurnIn is not null && Video is not VideoCodec.Encode)
        {
            throw new InvalidOperationException(
                "Burning in subtitles needs the video to be encoded, not copied."
            );
        }

        return
        [
            "-hide_banner",
            "-nostats",
            "-n",
            "-progress",
            "pipe:1",
            .. ReadAtNativeRate ? ["-re"] : Array.Empty<string>(),
            "-i",
            InputPath,
            .. Maps.SelectMany(i =>
                new[] { "-map", $"0:{i.ToString(CultureInfo.InvariantCulture)}" }
            ),
            .. BurnIn is { } burn
                ?
                [
                    "-vf",
                    FilterGraph.Filter(
                        "subtitles",
                        ("filename", burn.Path),
                        ("si", burn.SubtitleIndex.ToString(CultureInfo.InvariantCulture))
                    ),
                ]
                : Array.Empty<string>(),
            .. VideoArguments(Video),
            .. AudioArguments(Audio),
            .. FastStart ? ["-movflags", "+faststart"] : Array.Empty<string>(),
            "-f",
            OutputFormat,
            OutputPath,
        ];
    }

    private static string[] VideoArguments(VideoCodec video) =>
        video switch
        {
            VideoCodec.Copy { Tag: null } => ["-c:v", "copy"],
            VideoCodec.Copy { Tag: { } tag } => ["-c:v", "copy", "-tag:v", tag],
            VideoCodec.Encode e =>
            [
                "-c:v",
                e.Encoder,
                "-preset",
                e.Preset,
                "-crf",
                e.Crf.ToString(CultureInfo.InvariantCulture),
                "-pix_fmt",
                e.PixelFormat,
            ],
            _ => throw new InvalidOperationException($"Unknown video codec choice {video}."),
        };

    private static string[] AudioArguments(AudioCodec audio) =>
        audio switch
        {
            AudioCodec.Copy => ["-c:a", "copy"],
            AudioCodec.Encode e => ["-c:a", e.Encoder, "-b:a", e.Bitrate],
            _ => throw new InvalidOperationException($"Unknown audio codec choice {audio}."),
        };

    private static void RequireAbsolute(string path, string name)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new InvalidOperationException($"{name} must be an absolute path, not '{path}'.");
        }
    }
}
