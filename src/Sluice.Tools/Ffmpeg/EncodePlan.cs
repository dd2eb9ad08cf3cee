namespace Sluice.Tools.Ffmpeg;

/// <summary>What <see cref="EncodePlanner"/> decided for one file.</summary>
public abstract record EncodeDecision
{
    private EncodeDecision() { }

    /// <summary>Nothing to do; <paramref name="Reason"/> names the profile that decided so, if one did.</summary>
    public sealed record Skip(string Reason) : EncodeDecision;

    public sealed record Run(EncodePlan Plan) : EncodeDecision;
}

/// <summary>A font attached to the source, written out for libass under a name Sluice chose.</summary>
public sealed record FontAttachment(int StreamIndex, string FileName);

/// <summary>
/// One encode: which profile, why, and which streams go where. Rendered to an ffmpeg run by
/// <see cref="ToArguments"/>; checked afterwards against <see cref="Expectation"/>.
/// </summary>
public sealed record EncodePlan
{
    public required string Profile { get; init; }

    public required EncodeAction Action { get; init; }

    /// <summary>Why this profile and these tracks, for the item's journal.</summary>
    public required string Reason { get; init; }

    public required int VideoStream { get; init; }

    public required VideoCodec Video { get; init; }

    /// <summary>Absolute index, or null when the source has no audio.</summary>
    public int? AudioStream { get; init; }

    public AudioCodec Audio { get; init; } = new AudioCodec.Copy();

    /// <summary>Subtitle tracks to burn, as indexes among the subtitle streams, in drawing order.</summary>
    public IReadOnlyList<int> Burn
    {
        get;
        init => field = [.. value];
    } = [];

    /// <summary>Subtitle and attachment streams copied into the output (Matroska only), absolute indexes.</summary>
    public IReadOnlyList<int> Kept
    {
        get;
        init => field = [.. value];
    } = [];

    /// <summary>How many of <see cref="Kept"/> are subtitles (the rest are attachments).</summary>
    public int KeptSubtitles { get; init; }

    /// <summary>Fonts attached to the source, extracted for libass when burning.</summary>
    public IReadOnlyList<FontAttachment> Fonts
    {
        get;
        init => field = [.. value];
    } = [];

    public OutputContainer Container { get; init; } = OutputContainer.Mp4;

    /// <summary>ffprobe's name for the video codec the output must have.</summary>
    public required string OutputVideoCodec { get; init; }

    public OutputExpectation Expectation =>
        new(OutputVideoCodec, AudioStream is null ? 0 : 1, KeptSubtitles);

    /// <param name="inputPath">A safe-named copy (or link) of the source: the filter graph names it.</param>
    /// <param name="fontsDirectory">An empty folder for the extracted fonts; libass loads all of it.</param>
    public FfmpegArguments ToArguments(
        string inputPath,
        string outputPath,
        string fontsDirectory,
        IReadOnlyDictionary<string, string>? metadata = null
    ) =>
        new()
        {
            InputPath = inputPath,
            OutputPath = outputPath,
            Maps =
            [
                VideoStream,
                .. AudioStream is { } audio ? [audio] : Array.Empty<int>(),
                .. Kept,
            ],
            Video = Video,
            Audio = Audio,
            Dumps =
                Burn.Count > 0
                    ?
                    [
                        .. Fonts.Select(f => new AttachmentDump(
                            f.StreamIndex,
                            Path.Combine(fontsDirectory, f.FileName)
                        )),
                    ]
                    : [],
            BurnIn =
            [
                .. Burn.Select(si => new SubtitleBurnIn(
                    inputPath,
                    si,
                    Fonts.Count > 0 ? fontsDirectory : null
                )),
            ],
            CopySubtitles = KeptSubtitles > 0,
            Metadata = metadata ?? new Dictionary<string, string>(),
            OutputFormat = ContainerRules.Muxer(Container),
            FastStart = Container == OutputContainer.Mp4,
        };

    /// <summary>The plan encoding on <paramref name="acceleration"/> instead of in software, when it encodes video at all.</summary>
    public EncodePlan On(Acceleration acceleration, string? device) =>
        Video is VideoCodec.Encode encode
            ? this with
            {
                Video = encode with { Acceleration = acceleration, Device = device },
            }
            : this;
}
