using Sluice.Tools.Ffmpeg;
using static Sluice.Tools.Tests.Ffmpeg.Plans;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>How a plan becomes an argument list, without running ffmpeg.</summary>
public sealed class FfmpegArgumentsSpecs
{
    [Fact]
    public void A_hardsub_plan_dumps_the_fonts_maps_burns_with_the_fonts_folder_and_encodes_x264_and_aac()
    {
        var arguments = Hardsub()
            .ToArguments("/work/job-1/input.mkv", "/work/job-1/output.mp4", "/work/job-1/fonts")
            .ToArgumentList();

        arguments.ShouldBe([
            .. Head,
            "-dump_attachment:5",
            "/work/job-1/fonts/font-5.ttf",
            "-i",
            "/work/job-1/input.mkv",
            "-map",
            "0:0",
            "-map",
            "0:2",
            "-vf",
            "subtitles=filename=/work/job-1/input.mkv:si=1:fontsdir=/work/job-1/fonts",
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
    public void A_plan_without_fonts_burns_without_a_fonts_folder_and_two_tracks_chain_in_order()
    {
        var arguments = (Hardsub() with { Burn = [0, 2], Fonts = [] })
            .ToArguments("/w/in.mkv", "/w/out.mp4", "/w/fonts")
            .ToArgumentList();

        arguments.ShouldNotContain(a => a.StartsWith("-dump_attachment", StringComparison.Ordinal));
        After(arguments, "-vf")
            .ShouldBe("subtitles=filename=/w/in.mkv:si=0,subtitles=filename=/w/in.mkv:si=2");
    }

    [Fact]
    public void A_remux_copies_and_tags_hevc_and_writes_the_owner_tag()
    {
        var plan = Hardsub() with
        {
            VideoStream = 1,
            Video = new VideoCodec.Copy("hvc1"),
            AudioStream = 3,
            Audio = new AudioCodec.Copy(),
            Burn = [],
        };

        var arguments = plan.ToArguments(
                "/in.mkv",
                "/out.mp4",
                "/fonts",
                new Dictionary<string, string> { ["comment"] = "sluice-item=abc" }
            )
            .ToArgumentList();

        arguments.ShouldBe([
            .. Head,
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
            "-metadata",
            "comment=sluice-item=abc",
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
        var arguments = (Hardsub() with { AudioStream = null, Burn = [] })
            .ToArguments("/in.mkv", "/out.mp4", "/fonts")
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
            .. Head,
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
            BurnIn = [new SubtitleBurnIn("/in.mkv", 0)],
        };

        Should.Throw<InvalidOperationException>(() => arguments.ToArgumentList());
    }

    [Theory]
    [InlineData("in.mkv", "/out.mp4", "/fonts/f.ttf")]
    [InlineData("/in.mkv", "-out.mp4", "/fonts/f.ttf")]
    [InlineData("concat:/a|/b", "/out.mp4", "/fonts/f.ttf")]
    [InlineData("/in.mkv", "/out.mp4", "f.ttf")]
    public void Relative_paths_protocols_and_flag_lookalikes_are_refused(
        string input,
        string output,
        string dump
    )
    {
        Should.Throw<InvalidOperationException>(() =>
            new FfmpegArguments
            {
                InputPath = input,
                OutputPath = output,
                Dumps = [new AttachmentDump(3, dump)],
            }.ToArgumentList()
        );
    }

    [Fact]
    public void A_metadata_key_that_is_empty_or_holds_an_equals_sign_is_refused()
    {
        Should.Throw<InvalidOperationException>(() =>
            new FfmpegArguments
            {
                InputPath = "/in.mkv",
                OutputPath = "/out.mp4",
                Metadata = new Dictionary<string, string> { ["a=b"] = "c" },
            }.ToArgumentList()
        );
    }
}
