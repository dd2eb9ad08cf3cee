using Sluice.Tools.Ffmpeg;
using static Sluice.Tools.Tests.Ffmpeg.Plans;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>Each GPU encoder family rendered from the same plan, without a GPU.</summary>
public sealed class GpuArgumentsSpecs
{
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
}
