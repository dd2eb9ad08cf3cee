using System.Globalization;

namespace Sluice.Tools.Ffmpeg;

/// <summary>The video formats the encode stage writes.</summary>
public enum VideoFormat
{
    H264,
    H265,
}

/// <summary>Where a video is encoded: in software (x264/x265) or on a GPU.</summary>
public enum Acceleration
{
    None,
    Nvenc,
    Vaapi,
    Qsv,
}

/// <summary>
/// Renders one <see cref="VideoCodec.Encode"/> to ffmpeg arguments for each encoder family. Pure.
/// </summary>
/// <remarks>
/// <para>One quality number means "lower is better" everywhere: x264/x265 take it as CRF, NVENC
/// as constant quality (<c>-rc vbr -cq N -b:v 0</c>, no bitrate cap), VAAPI as a constant QP, QSV
/// as ICQ (<c>-global_quality</c>). The scales are close, not equal.</para>
/// <para>Presets are x264's names; NVENC gets the nearest of p1..p7, QSV knows no "ultrafast"
/// or "superfast", VAAPI has none. NVENC and QSV read frames from system memory; VAAPI needs them
/// uploaded to its device, so its filter chain ends in <c>format=nv12,hwupload</c>.</para>
/// </remarks>
public static class VideoEncoding
{
    private static readonly Dictionary<string, string> NvencPresets = new(StringComparer.Ordinal)
    {
        ["ultrafast"] = "p1",
        ["superfast"] = "p1",
        ["veryfast"] = "p2",
        ["faster"] = "p3",
        ["fast"] = "p4",
        ["medium"] = "p5",
        ["slow"] = "p6",
        ["slower"] = "p7",
        ["veryslow"] = "p7",
        ["placebo"] = "p7",
    };

    /// <summary>x264's and x265's preset names, fastest first.</summary>
    public static IReadOnlyList<string> Presets { get; } =
    [
        "ultrafast",
        "superfast",
        "veryfast",
        "faster",
        "fast",
        "medium",
        "slow",
        "slower",
        "veryslow",
        "placebo",
    ];

    /// <summary>The ffmpeg encoder, as <c>ffmpeg -encoders</c> lists it.</summary>
    public static string EncoderName(VideoFormat format, Acceleration acceleration) =>
        (format, acceleration) switch
        {
            (VideoFormat.H264, Acceleration.None) => "libx264",
            (VideoFormat.H265, Acceleration.None) => "libx265",
            (VideoFormat.H264, Acceleration.Nvenc) => "h264_nvenc",
            (VideoFormat.H265, Acceleration.Nvenc) => "hevc_nvenc",
            (VideoFormat.H264, Acceleration.Vaapi) => "h264_vaapi",
            (VideoFormat.H265, Acceleration.Vaapi) => "hevc_vaapi",
            (VideoFormat.H264, Acceleration.Qsv) => "h264_qsv",
            (VideoFormat.H265, Acceleration.Qsv) => "hevc_qsv",
            _ => throw new ArgumentOutOfRangeException(
                nameof(acceleration),
                $"No encoder for {format} with {acceleration}."
            ),
        };

    /// <summary>ffprobe's codec name for what the encoder writes.</summary>
    public static string CodecName(VideoFormat format) =>
        format switch
        {
            VideoFormat.H264 => "h264",
            VideoFormat.H265 => "hevc",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };

    /// <summary>Options that go before the input (the VAAPI device).</summary>
    public static string[] GlobalArguments(VideoCodec.Encode encode) =>
        encode.Acceleration == Acceleration.Vaapi
            ?
            [
                "-vaapi_device",
                encode.Device
                    ?? throw new InvalidOperationException(
                        "VAAPI encoding needs a render device such as /dev/dri/renderD128."
                    ),
            ]
            : [];

    /// <summary>Filters that must end the video chain (after any burn-in).</summary>
    public static string[] TrailingFilters(VideoCodec.Encode encode) =>
        encode.Acceleration == Acceleration.Vaapi ? ["format=nv12", "hwupload"] : [];

    public static string[] CodecArguments(VideoCodec.Encode encode)
    {
        var quality = encode.Quality.ToString(CultureInfo.InvariantCulture);
        var encoder = EncoderName(encode.Format, encode.Acceleration);
        string[] codec = encode.Acceleration switch
        {
            Acceleration.None =>
            [
                "-c:v",
                encoder,
                "-preset",
                encode.Preset,
                "-crf",
                quality,
                "-pix_fmt",
                encode.PixelFormat,
            ],
            Acceleration.Nvenc =>
            [
                "-c:v",
                encoder,
                "-preset",
                NvencPresets.GetValueOrDefault(encode.Preset, encode.Preset),
                "-rc",
                "vbr",
                "-cq",
                quality,
                "-b:v",
                "0",
                "-pix_fmt",
                encode.PixelFormat,
            ],
            Acceleration.Qsv =>
            [
                "-c:v",
                encoder,
                "-preset",
                encode.Preset is "ultrafast" or "superfast" ? "veryfast" : encode.Preset,
                "-global_quality",
                quality,
                "-pix_fmt",
                "nv12",
            ],
            Acceleration.Vaapi => ["-c:v", encoder, "-rc_mode", "CQP", "-qp", quality],
            _ => throw new InvalidOperationException(
                $"Unknown acceleration {encode.Acceleration}."
            ),
        };
        return encode.Tag is { } tag ? [.. codec, "-tag:v", tag] : codec;
    }
}
