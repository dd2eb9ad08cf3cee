using Sluice.Tools.Ffmpeg;

namespace Sluice.Tools.Tests.Ffmpeg;

public sealed class FfmpegArgumentsSpecs
{
    private static EncodePlan Hardsub(VideoCodec? video = null) =>
        new()
        {
            Profile = "hardsub",
            Action = EncodeAction.Hardsub,
            Reason = "test",
            VideoStream = 0,
            Video = video ?? VideoCodec.X264(),
            OutputVideoCodec = "h264",
            AudioStream = 2,
            Audio = AudioCodec.Aac(),
            Burn = [1],
            Fonts = [new FontAttachment(5, "font-5.ttf")],
        };

    private static readonly string[] Head =
    [
        "-hide_banner",
        "-nostats",
        "-n",
        "-progress",
        "pipe:1",
    ];

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
    public void Nvenc_renders_its_encoder_a_p_preset_and_constant_quality()
    {
        var arguments = Hardsub()
            .On(Acceleration.Nvenc, null)
            .ToArguments("/w/in.mkv", "/w/out.mp4", "/w/fonts")
            .ToArgumentList();

        Video(arguments)
            .ShouldBe([
                "-c:v",
                "h264_nvenc",
                "-preset",
                "p2",
                "-rc",
                "vbr",
                "-cq",
                "20",
                "-b:v",
                "0",
                "-pix_fmt",
                "yuv420p",
            ]);
        After(arguments, "-vf").ShouldStartWith("subtitles=");
    }

    [Fact]
    public void Vaapi_opens_its_device_before_the_input_and_uploads_frames_after_the_burn_in()
    {
        var arguments = Hardsub(new VideoCodec.Encode(VideoFormat.H265, 24, "slow", Tag: "hvc1"))
            .On(Acceleration.Vaapi, "/dev/dri/renderD128")
            .ToArguments("/w/in.mkv", "/w/out.mp4", "/w/fonts")
            .ToArgumentList();

        arguments.Take(7).ShouldBe([.. Head, "-vaapi_device", "/dev/dri/renderD128"]);
        After(arguments, "-vf")
            .ShouldBe("subtitles=filename=/w/in.mkv:si=1:fontsdir=/w/fonts,format=nv12,hwupload");
        Video(arguments)
            .ShouldBe(["-c:v", "hevc_vaapi", "-rc_mode", "CQP", "-qp", "24", "-tag:v", "hvc1"]);
    }

    [Fact]
    public void Vaapi_uploads_frames_even_without_a_burn_in_and_needs_a_device()
    {
        var transcode = Hardsub() with { Burn = [], Fonts = [] };

        var arguments = transcode
            .On(Acceleration.Vaapi, "/dev/dri/renderD129")
            .ToArguments("/w/in.mkv", "/w/out.mp4", "/w/fonts")
            .ToArgumentList();

        After(arguments, "-vf").ShouldBe("format=nv12,hwupload");
        Should.Throw<InvalidOperationException>(() =>
            transcode
                .On(Acceleration.Vaapi, null)
                .ToArguments("/w/in.mkv", "/w/out.mp4", "/w/f")
                .ToArgumentList()
        );
    }

    [Fact]
    public void Qsv_renders_its_encoder_global_quality_and_nv12()
    {
        var arguments = Hardsub(new VideoCodec.Encode(VideoFormat.H265, 22, "ultrafast"))
            .On(Acceleration.Qsv, "/dev/dri/renderD128")
            .ToArguments("/w/in.mkv", "/w/out.mp4", "/w/fonts")
            .ToArgumentList();

        Video(arguments)
            .ShouldBe([
                "-c:v",
                "hevc_qsv",
                "-preset",
                "veryfast",
                "-global_quality",
                "22",
                "-pix_fmt",
                "nv12",
            ]);
        arguments.ShouldNotContain("-vaapi_device");
    }

    [Fact]
    public void Software_hevc_renders_x265_with_its_crf()
    {
        var arguments = Hardsub(new VideoCodec.Encode(VideoFormat.H265, 23, "medium"))
            .ToArguments("/w/in.mkv", "/w/out.mp4", "/w/fonts")
            .ToArgumentList();

        Video(arguments)
            .ShouldBe([
                "-c:v",
                "libx265",
                "-preset",
                "medium",
                "-crf",
                "23",
                "-pix_fmt",
                "yuv420p",
            ]);
    }

    [Fact]
    public void A_plan_that_copies_video_is_not_moved_to_a_gpu()
    {
        var remux = Hardsub() with { Video = new VideoCodec.Copy(), Burn = [] };

        remux.On(Acceleration.Nvenc, null).ShouldBe(remux);
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

    private static string After(IReadOnlyList<string> arguments, string flag) =>
        arguments[arguments.ToList().IndexOf(flag) + 1];

    /// <summary>The video codec options: from "-c:v" up to the audio's.</summary>
    private static List<string> Video(IReadOnlyList<string> arguments)
    {
        var start = arguments.ToList().IndexOf("-c:v");
        var end = arguments.ToList().IndexOf("-c:a");
        return [.. arguments.Skip(start).Take(end - start)];
    }
}
