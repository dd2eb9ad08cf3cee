namespace Sluice.Tools.Ffmpeg;

/// <summary>Empty <see cref="Problems"/> means the output may replace or join the source.</summary>
public sealed record OutputValidation(IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>The streams an encode's output must have.</summary>
/// <param name="VideoCodec">ffprobe's name for the output's video codec.</param>
public sealed record OutputExpectation(string VideoCodec, int AudioStreams, int SubtitleStreams);

/// <summary>
/// Checks an encode's output against its source before it is trusted. Pure.
/// </summary>
/// <remarks>
/// The output must be probed with <see cref="ProbeDepth.ReadPackets"/>: a truncated faststart
/// mp4 keeps its full index at the front, so its headers still claim the whole duration; only
/// reading the packets (or ffprobe's "partial file" errors) gives it away.
/// </remarks>
public static class OutputValidator
{
    private static readonly TimeSpan AbsoluteTolerance = TimeSpan.FromSeconds(0.5);
    private const double RelativeTolerance = 0.01;

    public static OutputValidation Validate(
        MediaInfo source,
        MediaInfo output,
        OutputExpectation? expectation = null
    )
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        var problems = new List<string>();
        if (output.MainVideo is not { } video)
        {
            problems.Add("the output has no video stream");
        }
        else if (expectation is not null && video.CodecName != expectation.VideoCodec)
        {
            problems.Add($"the output's video is {video.CodecName}, not {expectation.VideoCodec}");
        }

        if (expectation is not null)
        {
            Count(problems, "audio", output.Audio.Count(), expectation.AudioStreams);
            Count(problems, "subtitle", output.Subtitles.Count(), expectation.SubtitleStreams);
        }

        if (source.Audio.Any() && !output.Audio.Any())
        {
            problems.Add("the source has audio but the output has none");
        }

        if (source.Duration is not { } expected || output.Duration is not { } actual)
        {
            problems.Add("the duration of the source or the output is unknown");
        }
        else
        {
            var tolerance = TimeSpan.FromTicks(
                Math.Max(AbsoluteTolerance.Ticks, (long)(expected.Ticks * RelativeTolerance))
            );
            if ((actual - expected).Duration() > tolerance)
            {
                problems.Add(
                    $"the output lasts {actual.TotalSeconds:0.###} s, the source {expected.TotalSeconds:0.###} s"
                );
            }
        }

        if (output.Depth != ProbeDepth.ReadPackets)
        {
            problems.Add(
                "the output was probed by its headers only; read its packets to rule out truncation"
            );
        }

        foreach (var stream in output.Streams)
        {
            if (stream is { FrameCount: { } declared, PacketsRead: { } read } && read < declared)
            {
                problems.Add(
                    $"stream {stream.Index} declares {declared} packets but only {read} could be read (truncated?)"
                );
            }
        }

        if (output.ProbeErrors.Count > 0)
        {
            problems.Add($"ffprobe reported errors reading the output: {output.ProbeErrors[0]}");
        }

        return new OutputValidation(problems);
    }

    private static void Count(List<string> problems, string kind, int actual, int expected)
    {
        if (actual != expected)
        {
            problems.Add($"the output has {actual} {kind} stream(s), {expected} expected");
        }
    }
}
