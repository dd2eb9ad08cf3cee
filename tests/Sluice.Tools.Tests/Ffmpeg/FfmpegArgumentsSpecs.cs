using Sluice.Tools.Ffmpeg;

namespace Sluice.Tools.Tests.Ffmpeg;

public sealed class FfmpegArgumentsSpecs
{
    [Fact]
    public void A_hardsub_plan_renders_maps_the_escaped_subtitles_filter_x264_and_aac()
    {
        var plan = new EncodePlan.Hardsub(
            VideoStream: 0,
            AudioStream: 2,
            CopyAudio: false,
            SubtitleIndex: 1
        );

        var arguments = plan.ToArguments("/work/job-1/input.mkv", "/work/job-1/output.mp4")
            .ToArgumentList();

        arguments.ShouldBe([
            "-hide_banner",
            "-nostats",
            "-n",
            "-progress",
            "pipe:1",
            "-i",
            "/work/job-1/input.mkv",
            "-map",
            "0:0",
            "-map",
            "0:2",
            "-vf",
            "subtitles=filename=/work/job-1/input.mkv:si=1",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "20",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "192k",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            "/work/job-1/output.mp4",
        ]);
    }

    [Fact]
    public void A_remux_plan_copies_and_tags_hevc_for_mp4()
    {
        var plan = new EncodePlan.Remux(
            VideoStream: 1,
            AudioStream: 3,
            CopyAudio: true,
            CopyVideo: true,
            VideoCopyTag: "hvc1"
        );

        var arguments = plan.ToArguments("/in.mkv", "/out.mp4").ToArgumentList();

        arguments.ShouldBe([
            "-hide_banner",
            "-nostats",
            "-n",
            "-progress",
            "pipe:1",
            "-i",
            "/in.mkv",
            "-map",
            "0:1",
            "-map",
            "0:3",
            "-c:v",
            "copy",
            "-tag:v",
            "hvc1",
            "-c:a",
            "copy",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            "/out.mp4",
        ]);
    }

    [Fact]
    public void A_source_without_audio_maps_only_the_video()
    {
        var arguments = new EncodePlan.Remux(0, null, false, true)
            .ToArguments("/in.mkv", "/out.mp4")
            .ToArgumentList();

        arguments.Where(a => a.StartsWith("0:", StringComparison.Ordinal)).ShouldBe(["0:0"]);
    }

    [Fact]
    public void Reading_at_native_rate_adds_re_before_the_input()
    {
        var arguments = new FfmpegArguments
        {
            InputPath = "/in.mkv",
            OutputPath = "/out.mp4",
            ReadAtNativeRate = true,
            FastStart = false,
        }.ToArgumentList();

        arguments.ShouldBe([
            "-hide_banner",
            "-nostats",
            "-n",
            "-progress",
            "pipe:1",
            "-re",
            "-i",
            "/in.mkv",
            "-c:v",
            "copy",
            "-c:a",
            "copy",
            "-f",
            "mp4",
            "/out.mp4",
        ]);
    }

    [Fact]
    public void Burning_in_subtitles_while_copying_video_is_refused()
    {
        var arguments = new FfmpegArguments
        {
            InputPath = "/in.mkv",
            OutputPath = "/out.mp4",
            BurnIn = new SubtitleBurnIn("/in.mkv", 0),
        };

        Should.Throw<InvalidOperationException>(() => arguments.ToArgumentList());
    }

    [Theory]
    [InlineData("in.mkv", "/out.mp4")]
    [InlineData("/in.mkv", "-out.mp4")]
    [InlineData("concat:/a|/b", "/out.mp4")]
    public void Relative_paths_protocols_and_flag_lookalikes_are_refused(
        string input,
        string output
    )
    {
        Should.Throw<InvalidOperationException>(() =>
            new FfmpegArguments { InputPath = input, OutputPath = output }.ToArgumentList()
        );
    }

    [Fact]
    public void Skip_has_no_ffmpeg_run()
    {
        Should.Throw<InvalidOperationException>(() =>
            new EncodePlan.Skip("fine as it is").ToArguments("/in.mp4", "/out.mp4")
        );
    }
}
