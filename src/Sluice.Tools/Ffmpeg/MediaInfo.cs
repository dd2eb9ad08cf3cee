namespace Sluice.Tools.Ffmpeg;

public enum StreamKind
{
    Video,
    Audio,
    Subtitle,
    Attachment,
    Data,
}

public enum ProbeDepth
{
    /// <summary>Container and stream headers only: fast, but blind to a truncated file whose index is intact.</summary>
    Headers,

    /// <summary>Also reads every packet (demuxing, no decoding) and counts them: catches truncation.</summary>
    ReadPackets,
}

/// <summary>What ffprobe says about a file.</summary>
/// <param name="Duration">Null when the container does not say (raw streams).</param>
/// <param name="FormatName">ffprobe's format name list, e.g. "matroska,webm" or "mov,mp4,m4a,3gp,3g2,mj2".</param>
/// <param name="ProbeErrors">Error lines ffprobe printed although it succeeded (e.g. "partial file").</param>
public sealed record MediaInfo(
    TimeSpan? Duration,
    string FormatName,
    long SizeBytes,
    IReadOnlyList<MediaStream> Streams,
    ProbeDepth Depth,
    IReadOnlyList<string> ProbeErrors
)
{
    /// <summary>The first real video stream: cover art (an attached picture) does not count.</summary>
    public MediaStream? MainVideo =>
        Streams.FirstOrDefault(s => s.Kind == StreamKind.Video && !s.IsAttachedPicture);

    public IEnumerable<MediaStream> Audio => Streams.Where(s => s.Kind == StreamKind.Audio);

    public IEnumerable<MediaStream> Subtitles => Streams.Where(s => s.Kind == StreamKind.Subtitle);

    /// <summary>Container-level tags (title, comment…), keys compared without case.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public bool IsFormat(string name) =>
        FormatName.Split(',').Contains(name, StringComparer.Ordinal);
}

/// <summary>One stream of a media file.</summary>
/// <param name="Index">The absolute stream index, as in <c>-map 0:&lt;Index&gt;</c>.</param>
/// <param name="Language">The language tag as written in the file ("jpn", "eng"), if any.</param>
/// <param name="FrameCount">Frames (packets) the container declares (mp4 does, Matroska does not).</param>
/// <param name="PacketsRead">Packets actually read, with <see cref="ProbeDepth.ReadPackets"/>.</param>
public sealed record MediaStream(
    int Index,
    StreamKind Kind,
    string? CodecName,
    string? Language,
    string? Title,
    bool IsDefault,
    bool IsForced,
    bool IsAttachedPicture,
    int? Width,
    int? Height,
    string? FileName,
    string? MimeType,
    long? FrameCount,
    long? PacketsRead
);
