namespace Sluice.Tools.Ffmpeg;

/// <summary>What the encode stage does with one source file. Produced by <see cref="EncodePlanner"/>.</summary>
public abstract record EncodePlan
{
    private EncodePlan() { }

    /// <summary>The ffmpeg run that carries out the plan, reading <paramref name="inputPath"/> (a safe-named copy of the source).</summary>
    public abstract FfmpegArguments ToArguments(string inputPath, string outputPath);

    /// <summary>Nothing to do: the file already plays everywhere as it is.</summary>
    public sealed record Skip(string Reason) : EncodePlan
    {
        public override FfmpegArguments ToArguments(string inputPath, string outputPath) =>
            throw new InvalidOperationException($"A skipped file has no encode ({Reason}).");
    }

    /// <summary>Burn a text subtitle into a re-encoded picture; the file's attached fonts are used by libass.</summary>
    /// <param name="SubtitleIndex">Among the subtitle streams only (the <c>si</c> of the subtitles filter).</param>
    /// <param name="AudioStream">Absolute index, or null when the source has no audio.</param>
    public sealed record Hardsub(
        int VideoStream,
        int? AudioStream,
        bool CopyAudio,
        int SubtitleIndex
    ) : EncodePlan
    {
        public override FfmpegArguments ToArguments(string inputPath, string outputPath) =>
            new()
            {
                InputPath = inputPath,
                OutputPath = outputPath,
                Maps = AudioStream is { } audio ? [VideoStream, audio] : [VideoStream],
                Video = VideoCodec.X264(),
                Audio = CopyAudio ? new AudioCodec.Copy() : AudioCodec.Aac(),
                BurnIn = new SubtitleBurnIn(inputPath, SubtitleIndex),
            };
    }

    /// <summary>Into mp4, copying what mp4 can hold; subtitles and attachments are dropped.</summary>
    /// <param name="VideoCopyTag">A tag for copied video (hvc1 for HEVC); ignored when the video is transcoded.</param>
    public sealed record Remux(
        int VideoStream,
        int? AudioStream,
        bool CopyAudio,
        bool CopyVideo,
        string? VideoCopyTag = null
    ) : EncodePlan
    {
        public override FfmpegArguments ToArguments(string inputPath, string outputPath) =>
            new()
            {
                InputPath = inputPath,
                OutputPath = outputPath,
                Maps = AudioStream is { } audio ? [VideoStream, audio] : [VideoStream],
                Video = CopyVideo ? new VideoCodec.Copy(VideoCopyTag) : VideoCodec.X264(),
                Audio = CopyAudio ? new AudioCodec.Copy() : AudioCodec.Aac(),
            };
    }
}
