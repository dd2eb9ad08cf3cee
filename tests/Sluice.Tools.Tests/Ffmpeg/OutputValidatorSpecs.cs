using Sluice.Tools.Ffmpeg;
using static Sluice.Tools.Tests.Ffmpeg.Media;

namespace Sluice.Tools.Tests.Ffmpeg;

public sealed class OutputValidatorSpecs
{
    private static readonly MediaInfo Source = File(Mkv, Video(0), Audio(1)) with
    {
        Duration = TimeSpan.FromMinutes(24),
    };

    private static MediaInfo Output(TimeSpan duration, params MediaStream[] streams) =>
        File(Mp4, streams) with
        {
            Duration = duration,
            Depth = ProbeDepth.ReadPackets,
        };

    [Fact]
    public void A_complete_output_is_valid()
    {
        OutputValidator
            .Validate(Source, Output(TimeSpan.FromMinutes(24), Video(0), Audio(1)))
            .IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(1440 + 14)] // within 1% of 24 min
    [InlineData(1440 - 14)]
    public void Duration_within_one_percent_is_accepted(int seconds)
    {
        OutputValidator
            .Validate(Source, Output(TimeSpan.FromSeconds(seconds), Video(0), Audio(1)))
            .IsValid.ShouldBeTrue();
    }

    [Fact]
    public void A_short_clip_gets_half_a_second_of_slack_and_no_more()
    {
        var source = Source with { Duration = TimeSpan.FromSeconds(3) };

        OutputValidator
            .Validate(source, Output(TimeSpan.FromSeconds(3.45), Video(0), Audio(1)))
            .IsValid.ShouldBeTrue();
        OutputValidator
            .Validate(source, Output(TimeSpan.FromSeconds(2.4), Video(0), Audio(1)))
            .Problems.ShouldHaveSingleItem()
            .ShouldContain("lasts 2.4 s");
    }

    [Fact]
    public void An_output_without_video_or_with_lost_audio_is_rejected()
    {
        var problems = OutputValidator
            .Validate(
                Source,
                Output(
                    TimeSpan.FromMinutes(24),
                    Audio(0) with
                    {
                        CodecName = "aac",
                    } with
                    {
                        Kind = StreamKind.Data,
                    }
                )
            )
            .Problems;

        problems.ShouldContain("the output has no video stream");
        problems.ShouldContain("the source has audio but the output has none");
    }

    [Fact]
    public void Fewer_packets_read_than_declared_means_truncated()
    {
        var truncated = Video(0) with { FrameCount = 75, PacketsRead = 35 };

        var problems = OutputValidator
            .Validate(Source, Output(TimeSpan.FromMinutes(24), truncated, Audio(1)))
            .Problems;

        problems.ShouldHaveSingleItem().ShouldContain("only 35 could be read");
    }

    [Fact]
    public void Probe_errors_or_a_headers_only_probe_are_rejected()
    {
        var output = Output(TimeSpan.FromMinutes(24), Video(0), Audio(1));

        OutputValidator
            .Validate(
                Source,
                output with
                {
                    ProbeErrors = ["stream 1, offset 0x7598: partial file"],
                }
            )
            .Problems.ShouldHaveSingleItem()
            .ShouldContain("partial file");
        OutputValidator
            .Validate(Source, output with { Depth = ProbeDepth.Headers })
            .Problems.ShouldHaveSingleItem()
            .ShouldContain("headers only");
    }

    [Fact]
    public void An_output_without_the_streams_the_plan_promised_is_rejected()
    {
        var output = Output(
            TimeSpan.FromMinutes(24),
            Video(0, "h264"),
            Audio(1),
            Audio(2),
            Subtitle(3)
        );

        var problems = OutputValidator
            .Validate(Source, output, new OutputExpectation("hevc", 1, 2))
            .Problems;

        problems.ShouldBe([
            "the output's video is h264, not hevc",
            "the output has 2 audio stream(s), 1 expected",
            "the output has 1 subtitle stream(s), 2 expected",
        ]);
        OutputValidator
            .Validate(Source, output, new OutputExpectation("h264", 2, 1))
            .IsValid.ShouldBeTrue();
    }
}
