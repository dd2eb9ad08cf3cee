using Sluice.Tools.Ffmpeg;

namespace Sluice.Tools.Tests.Ffmpeg;

public sealed class FfmpegProgressParserSpecs
{
    [Fact]
    public void A_block_becomes_one_report_with_percent_speed_and_eta()
    {
        var parser = new FfmpegProgressParser(TimeSpan.FromSeconds(100));
        string[] block =
        [
            "frame=250",
            "out_time_us=25000000",
            "out_time=00:00:25.000000",
            "speed=2.5x",
        ];

        block.Select(parser.Feed).ShouldAllBe(r => r == null);
        var report = parser.Feed("progress=continue");

        report.ShouldBe(
            new EncodeProgress(
                TimeSpan.FromSeconds(25),
                25,
                2.5,
                TimeSpan.FromSeconds(30),
                IsEnd: false
            )
        );
    }

    [Fact]
    public void The_last_block_is_the_end()
    {
        var parser = new FfmpegProgressParser(TimeSpan.FromSeconds(10));
        parser.Feed("out_time_us=10000000");
        parser.Feed("speed= 254x");

        var report = parser.Feed("progress=end");

        report.ShouldNotBeNull().IsEnd.ShouldBeTrue();
        report.Percent.ShouldBe(100);
        report.Eta.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Unknown_values_before_the_first_frame_report_position_zero_without_speed()
    {
        var parser = new FfmpegProgressParser(TimeSpan.FromSeconds(10));
        parser.Feed("out_time_us=N/A");
        parser.Feed("speed=N/A");

        var report = parser.Feed("progress=continue");

        report.ShouldBe(new EncodeProgress(TimeSpan.Zero, 0, null, null, false));
    }

    [Fact]
    public void Without_an_expected_duration_only_position_and_speed_are_known()
    {
        var parser = new FfmpegProgressParser(null);
        parser.Feed("out_time_us=-9000");
        parser.Feed("speed=1x");

        parser
            .Feed("progress=continue")
            .ShouldBe(new EncodeProgress(TimeSpan.Zero, null, 1, null, false));
    }

    [Fact]
    public void Position_past_the_expected_duration_caps_at_100_percent()
    {
        var parser = new FfmpegProgressParser(TimeSpan.FromSeconds(2));
        parser.Feed("out_time_us=2040000");

        parser.Feed("progress=end").ShouldNotBeNull().Percent.ShouldBe(100);
    }
}
