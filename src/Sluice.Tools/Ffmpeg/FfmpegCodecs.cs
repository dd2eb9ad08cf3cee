namespace Sluice.Tools.Ffmpeg;

/// <summary>What to do with the video: copy the stream as it is, or encode it.</summary>
public abstract record VideoCodec
{
    private VideoCodec() { }

    /// <param name="Tag">A codec tag for the output, e.g. "hvc1" so Apple players accept copied HEVC in mp4.</param>
    public sealed record Copy(string? Tag = null) : VideoCodec;

    /// <param name="Quality">CRF for x264/x265 and its nearest equivalent elsewhere (<see cref="VideoEncoding"/>): lower is better.</param>
    /// <param name="Preset">x264's preset names (ultrafast … veryslow).</param>
    /// <param name="Device">The render node for VAAPI (/dev/dri/renderD128).</param>
    /// <param name="PixelFormat">yuv420p by default: 4:4:4 or 10-bit H.264 plays almost nowhere.</param>
    /// <param name="Tag">A codec tag for the output ("hvc1" for HEVC in mp4).</param>
    public sealed record Encode(
        VideoFormat Format,
        int Quality,
        string Preset,
        Acceleration Acceleration = Acceleration.None,
        string? Device = null,
        string PixelFormat = "yuv420p",
        string? Tag = null
    ) : VideoCodec;

    public static Encode X264(string preset = "veryfast", int crf = 20) =>
        new(VideoFormat.H264, crf, preset);
}

/// <summary>What to do with the audio.</summary>
public abstract record AudioCodec
{
    private AudioCodec() { }

    public sealed record Copy : AudioCodec;

    public sealed record Encode(string Encoder, string Bitrate) : AudioCodec;

    public static Encode Aac(string bitrate = "192k") => new("aac", bitrate);
}

/// <summary>
/// Burn the subtitle stream number <paramref name="SubtitleIndex"/> (counted among subtitle
/// streams only) of <paramref name="Path"/> into the picture; libass also loads every font in
/// <paramref name="FontsDirectory"/>.
/// </summary>
public sealed record SubtitleBurnIn(string Path, int SubtitleIndex, string? FontsDirectory = null);

/// <summary>Write the attachment stream <paramref name="StreamIndex"/> of the input to <paramref name="Path"/> while the input is opened.</summary>
public sealed record AttachmentDump(int StreamIndex, string Path);
