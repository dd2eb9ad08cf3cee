using System.Globalization;

namespace Sluice.Tools.Ffmpeg;

/// <summary>
/// An immutable description of one ffmpeg run, rendered to an argument list by
/// <see cref="ToArgumentList"/> (never to a string a shell would parse).
/// </summary>
/// <remarks>
/// Invariants of every rendering: <c>-n</c> (never overwrite: outputs go to fresh temp names),
/// <c>-progress pipe:1 -nostats</c> (machine-readable progress on stdout, stderr kept for
/// errors), explicit <c>-map</c>s when given (nothing picked by ffmpeg's heuristics), absolute
/// input, output and dump paths (neither a flag nor a protocol like "concat:"). Attachments are
/// dumped when the input is opened, before the filter graph (and so libass) starts.
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

    /// <summary>Subtitle tracks burned into the picture, in drawing order (later ones on top).</summary>
    public IReadOnlyList<SubtitleBurnIn> BurnIn
    {
        get;
        init => field = [.. value];
    } = [];

    /// <summary>Attachments (fonts) written out when the input is opened.</summary>
    public IReadOnlyList<AttachmentDump> Dumps
    {
        get;
        init => field = [.. value];
    } = [];

    /// <summary>Copy mapped subtitle streams as they are (Matroska outputs keep soft subtitles).</summary>
    public bool CopySubtitles { get; init; }

    /// <summary>Container-level tags written into the output.</summary>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get;
        init =>
            field = new SortedDictionary<string, string>(
                value.ToDictionary(),
                StringComparer.Ordinal
            );
    } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>ffmpeg's muxer name: "mp4" or "matroska".</summary>
    public string OutputFormat { get; init; } = "mp4";

    /// <summary>Move the mp4 index to the front so players can start before the download ends.</summary>
    public bool FastStart { get; init; } = true;

    /// <summary><c>-re</c>: read the input at its own pace (throttles an encode to real time).</summary>
    public bool ReadAtNativeRate { get; init; }

    public IReadOnlyList<string> ToArgumentList()
    {
        RequireAbsolute(InputPath, nameof(InputPath));
        RequireAbsolute(OutputPath, nameof(OutputPath));
        foreach (var dump in Dumps)
        {
            RequireAbsolute(dump.Path, nameof(Dumps));
        }

        if (BurnIn.Count > 0 && Video is not VideoCodec.Encode)
        {
            throw new InvalidOperationException(
                "Burning in subtitles needs the video to be encoded, not copied."
            );
        }

        if (
            Metadata.Keys.FirstOrDefault(k =>
                k.Length == 0 || k.Contains('=', StringComparison.Ordinal)
            ) is
            { } key
        )
        {
            throw new InvalidOperationException($"'{key}' is not a metadata key.");
        }

        var encode = Video as VideoCodec.Encode;
        var filters = VideoFilters(encode);
        return
        [
            "-hide_banner",
            "-nostats",
            "-n",
            "-progress",
            "pipe:1",
            .. encode is null ? [] : VideoEncoding.GlobalArguments(encode),
            .. ReadAtNativeRate ? ["-re"] : Array.Empty<string>(),
            .. Dumps.SelectMany(d => new[] { $"-dump_attachment:{Number(d.StreamIndex)}", d.Path }),
            "-i",
            InputPath,
            .. Maps.SelectMany(i => new[] { "-map", $"0:{Number(i)}" }),
            .. filters.Count > 0 ? ["-vf", string.Join(',', filters)] : Array.Empty<string>(),
            .. VideoArguments(Video),
            .. AudioArguments(Audio),
            .. CopySubtitles ? ["-c:s", "copy"] : Array.Empty<string>(),
            .. Metadata.SelectMany(m => new[] { "-metadata", $"{m.Key}={m.Value}" }),
            .. FastStart ? ["-movflags", "+faststart"] : Array.Empty<string>(),
            "-f",
            OutputFormat,
            OutputPath,
        ];
    }

    private List<string> VideoFilters(VideoCodec.Encode? encode) =>
        [
            .. BurnIn.Select(burn =>
                FilterGraph.Filter(
                    "subtitles",
                    [
                        ("filename", burn.Path),
                        ("si", Number(burn.SubtitleIndex)),
                        .. burn.FontsDirectory is { } fonts
                            ? [("fontsdir", fonts)]
                            : Array.Empty<(string, string)>(),
                    ]
                )
            ),
            .. encode is null ? [] : VideoEncoding.TrailingFilters(encode),
        ];

    private static string[] VideoArguments(VideoCodec video) =>
        video switch
        {
            VideoCodec.Copy { Tag: null } => ["-c:v", "copy"],
            VideoCodec.Copy { Tag: { } tag } => ["-c:v", "copy", "-tag:v", tag],
            VideoCodec.Encode e => VideoEncoding.CodecArguments(e),
            _ => throw new InvalidOperationException($"Unknown video codec choice {video}."),
        };

    private static string[] AudioArguments(AudioCodec audio) =>
        audio switch
        {
            AudioCodec.Copy => ["-c:a", "copy"],
            AudioCodec.Encode e => ["-c:a", e.Encoder, "-b:a", e.Bitrate],
            _ => throw new InvalidOperationException($"Unknown audio codec choice {audio}."),
        };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void RequireAbsolute(string path, string name)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new InvalidOperationException($"{name} must be an absolute path, not '{path}'.");
        }
    }
}
