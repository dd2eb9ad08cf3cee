using Sluice.Testing;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>GPU encoders are used only when ffmpeg has them and their device exists; otherwise software, saying why.</summary>
public sealed class HardwareDetectionSpecs : IDisposable
{
    private static readonly IReadOnlySet<string> AllEncoders = new HashSet<string>
    {
        "libx264",
        "libx265",
        "h264_nvenc",
        "hevc_nvenc",
        "h264_vaapi",
        "hevc_vaapi",
        "h264_qsv",
        "hevc_qsv",
    };

    private static readonly VideoFormat[] H264 = [VideoFormat.H264];
    private static readonly HardwareDevices Nothing = new(false, []);
    private static readonly HardwareDevices Nvidia = new(true, []);
    private static readonly HardwareDevices Intel = new(
        false,
        ["/dev/dri/renderD128", "/dev/dri/renderD129"]
    );

    private readonly TempDirectory _temp = new("sluice-hw");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void None_is_software_without_looking()
    {
        HardwareDetection
            .Choose(HardwareRequest.None, null, AllEncoders, H264, Nvidia)
            .ShouldBe(HardwareChoice.Software);
    }

    [Fact]
    public void Nvenc_is_used_when_ffmpeg_has_it_and_the_nvidia_device_exists()
    {
        HardwareDetection
            .Choose(HardwareRequest.Nvenc, null, AllEncoders, H264, Nvidia)
            .ShouldBe(new HardwareChoice(Acceleration.Nvenc, null, null));
    }

    [Fact]
    public void Nvenc_without_its_device_falls_back_to_software_and_says_why()
    {
        var choice = HardwareDetection.Choose(
            HardwareRequest.Nvenc,
            null,
            AllEncoders,
            H264,
            Intel
        );

        choice.Acceleration.ShouldBe(Acceleration.None);
        choice.Fallback.ShouldBe("NVENC: no NVIDIA device (/dev/nvidiactl)");
    }

    [Fact]
    public void An_encoder_missing_for_a_format_the_profiles_write_falls_back()
    {
        var choice = HardwareDetection.Choose(
            HardwareRequest.Nvenc,
            null,
            new HashSet<string> { "h264_nvenc" },
            [VideoFormat.H264, VideoFormat.H265],
            Nvidia
        );

        choice.Fallback.ShouldBe("NVENC: this ffmpeg has no hevc_nvenc");
    }

    [Theory]
    [InlineData(HardwareRequest.Vaapi, Acceleration.Vaapi)]
    [InlineData(HardwareRequest.Qsv, Acceleration.Qsv)]
    public void Vaapi_and_qsv_take_the_first_render_node_or_the_configured_one(
        HardwareRequest request,
        Acceleration acceleration
    )
    {
        HardwareDetection
            .Choose(request, null, AllEncoders, H264, Intel)
            .ShouldBe(new HardwareChoice(acceleration, "/dev/dri/renderD128", null));
        HardwareDetection
            .Choose(request, "/dev/dri/renderD129", AllEncoders, H264, Intel)
            .ShouldBe(new HardwareChoice(acceleration, "/dev/dri/renderD129", null));
        HardwareDetection
            .Choose(request, "/dev/dri/renderD130", AllEncoders, H264, Intel)
            .Fallback.ShouldEndWith("no render node /dev/dri/renderD130");
    }

    [Fact]
    public void Auto_prefers_nvenc_then_vaapi_then_software()
    {
        HardwareDetection
            .Choose(
                HardwareRequest.Auto,
                null,
                AllEncoders,
                H264,
                new HardwareDevices(true, Intel.RenderNodes)
            )
            .Acceleration.ShouldBe(Acceleration.Nvenc);
        HardwareDetection
            .Choose(HardwareRequest.Auto, null, AllEncoders, H264, Intel)
            .Acceleration.ShouldBe(Acceleration.Vaapi);
        HardwareDetection
            .Choose(HardwareRequest.Auto, null, AllEncoders, H264, Nothing)
            .Fallback.ShouldBe(
                "no usable GPU encoder (NVENC: no NVIDIA device (/dev/nvidiactl); VAAPI: no render node (/dev/dri/renderD*))"
            );
    }

    [Fact]
    public void The_device_scan_finds_the_nvidia_control_node_and_render_nodes_in_order()
    {
        var dev = _temp.Sub("dev");
        _temp.Sub("dev", "dri");
        foreach (var node in new[] { "nvidiactl", "dri/renderD129", "dri/renderD128", "dri/card0" })
        {
            File.WriteAllText(Path.Combine(dev, node), "");
        }

        HardwareDevices
            .Scan(dev)
            .ShouldSatisfyAllConditions(
                d => d.Nvidia.ShouldBeTrue(),
                d =>
                    d.RenderNodes.ShouldBe([
                        Path.Combine(dev, "dri/renderD128"),
                        Path.Combine(dev, "dri/renderD129"),
                    ])
            );
        var empty = HardwareDevices.Scan(_temp.Sub("empty"));
        empty.Nvidia.ShouldBeFalse();
        empty.RenderNodes.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_real_ffmpeg_lists_its_software_and_gpu_encoders()
    {
        var ffmpeg = new FfmpegRunner(
            new ProcessRunner(
                TimeProvider.System,
                new ProcessRunnerOptions { OwnerTag = "test-encoders" }
            )
        );

        var encoders = await ffmpeg.ListEncodersAsync(TestContext.Current.CancellationToken);

        encoders.ShouldContain("libx264");
        encoders.ShouldContain("aac");
        encoders.ShouldNotContain("Encoders:");
        encoders.ShouldNotContain("------");
    }

    [Fact]
    public void Encoder_lines_are_parsed_and_the_legend_is_not()
    {
        string[] lines =
        [
            "Encoders:",
            " V..... = Video",
            " .....D = Supports direct rendering method 1",
            " ------",
            " V....D libx264              libx264 H.264 / AVC (codec h264)",
            " V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)",
            " A....D aac                  AAC (Advanced Audio Coding)",
        ];

        HardwareDetection.ParseEncoders(lines).Order().ShouldBe(["aac", "h264_nvenc", "libx264"]);
    }
}
