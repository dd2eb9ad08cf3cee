using Sluice.Testing;
using Sluice.Testing.Media;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;
using static Sluice.Tools.Tests.Ffmpeg.Media;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>Plans carried out by the real ffmpeg and checked by the real ffprobe.</summary>
public sealed class FfmpegEncodeSpecs(ClipsFixture clips) : IClassFixture<ClipsFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("sluice-encode");
    private readonly ProcessRunner _runner = new(
        TimeProvider.System,
        new ProcessRunnerOptions { OwnerTag = "test-ffmpeg", TailLines = 200 }
    );

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FfprobeClient Ffprobe => new(_runner);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Hardsub_of_a_clip_with_ASS_and_an_attached_font_produces_a_valid_mp4()
    {
        var source = await Ffprobe.ProbeAsync(clips.Anime, Ct);
        var plan = Planned(Decide(source, "anime"));
        var output = _temp.Combine("out.mp4");

        await new FfmpegRunner(_runner).RunAsync(
            plan.ToArguments(clips.Anime, output, _temp.Sub("fonts")),
            source.Duration,
            null,
            Ct
        );

        plan.Action.ShouldBe(EncodeAction.Hardsub);
        var result = await Ffprobe.ProbeAsync(output, ProbeDepth.ReadPackets, Ct);
        OutputValidator.Validate(source, result, plan.Expectation).Problems.ShouldBeEmpty();
        result.Audio.ShouldHaveSingleItem().Language.ShouldBe("jpn");
        result.Subtitles.ShouldBeEmpty();
        result.MainVideo.ShouldNotBeNull().CodecName.ShouldBe("h264");
    }

    [Fact]
    public async Task Transcode_to_hevc_in_mkv_keeps_the_subtitles_and_fonts_and_validates()
    {
        var source = await Ffprobe.ProbeAsync(clips.Anime, Ct);
        var profile = new EncodeProfile(
            "hevc",
            EncodeAction.Transcode,
            new EncodeConditions(),
            new VideoTarget(VideoFormat.H265, 28, "ultrafast"),
            OutputContainer.Mkv
        );
        var plan = Planned(Decide(source, "anime", [profile]));
        var output = _temp.Combine("out.mkv");

        await new FfmpegRunner(_runner).RunAsync(
            plan.ToArguments(clips.Anime, output, _temp.Sub("fonts")),
            source.Duration,
            null,
            Ct
        );

        var result = await Ffprobe.ProbeAsync(output, ProbeDepth.ReadPackets, Ct);
        OutputValidator.Validate(source, result, plan.Expectation).Problems.ShouldBeEmpty();
        result
            .Streams.Select(s => (s.Kind, s.CodecName))
            .ShouldBe([
                (StreamKind.Video, "hevc"),
                (StreamKind.Audio, "aac"),
                (StreamKind.Subtitle, "ass"),
                (StreamKind.Attachment, "ttf"),
            ]);
        result.Audio.ShouldHaveSingleItem().Language.ShouldBe("jpn");
    }

    [Fact]
    public async Task Remux_keeps_the_japanese_track_copies_the_streams_and_validates()
    {
        var source = await Ffprobe.ProbeAsync(clips.Plain, Ct);
        var plan = Planned(Decide(source, "anime"));
        var output = _temp.Combine("out.mp4");

        await new FfmpegRunner(_runner).RunAsync(
            plan.ToArguments(clips.Plain, output, _temp.Sub("fonts")),
            source.Duration,
            null,
            Ct
        );

        var result = await Ffprobe.ProbeAsync(output, ProbeDepth.ReadPackets, Ct);
        plan.ShouldSatisfyAllConditions(
            p => p.Profile.ShouldBe("remux"),
            p => p.VideoStream.ShouldBe(0),
            p => p.AudioStream.ShouldBe(1),
            p => p.Video.ShouldBe(new VideoCodec.Copy()),
            p => p.Audio.ShouldBeOfType<AudioCodec.Copy>()
        );
        OutputValidator.Validate(source, result, plan.Expectation).IsValid.ShouldBeTrue();
        result.Audio.ShouldHaveSingleItem().Language.ShouldBe("jpn");
        result.IsFormat("mp4").ShouldBeTrue();
    }

    [Fact]
    public async Task A_conforming_mp4_is_skipped()
    {
        var source = await Ffprobe.ProbeAsync(clips.Mp4, Ct);

        Decide(source)
            .ShouldBeOfType<EncodeDecision.Skip>()
            .Reason.ShouldStartWith("remux: already mp4");
    }

    [Fact]
    public async Task Progress_reports_percentages_and_an_end()
    {
        var source = await Ffprobe.ProbeAsync(clips.Anime, Ct);
        var reports = new List<EncodeProgress>();

        await new FfmpegRunner(_runner).RunAsync(
            Planned(Decide(source, "anime"))
                .ToArguments(clips.Anime, _temp.Combine("out.mp4"), _temp.Sub("fonts")),
            source.Duration,
            new SynchronousProgress<EncodeProgress>(reports.Add),
            Ct
        );

        reports.ShouldContain(r => r.Percent > 0);
        reports[^1].IsEnd.ShouldBeTrue();
        reports[^1].Percent.ShouldNotBeNull().ShouldBeGreaterThan(90);
        reports.Where(r => !r.IsEnd).ShouldAllBe(r => r.Percent <= 100);
    }

    [Fact]
    public async Task Validation_rejects_a_truncated_output()
    {
        var source = await Ffprobe.ProbeAsync(clips.Plain, Ct);
        var output = _temp.Combine("out.mp4");
        var plan = Planned(Decide(source));
        await new FfmpegRunner(_runner).RunAsync(
            plan.ToArguments(clips.Plain, output, _temp.Sub("fonts")),
            source.Duration,
            null,
            Ct
        );
        var truncated = TestClips.CreateTruncated(output, _temp.Combine("cut.mp4"));

        var headers = await Ffprobe.ProbeAsync(truncated, ProbeDepth.Headers, Ct);
        var packets = await Ffprobe.ProbeAsync(truncated, ProbeDepth.ReadPackets, Ct);

        // Faststart put the full index up front: by its headers the cut file still lasts 2 s.
        headers.Duration.ShouldNotBeNull().TotalSeconds.ShouldBe(2, tolerance: 0.1);
        var validation = OutputValidator.Validate(source, packets, plan.Expectation);
        validation.IsValid.ShouldBeFalse();
        validation.Problems.ShouldContain(p =>
            p.Contains("could be read (truncated?)", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task An_existing_output_is_never_overwritten()
    {
        var output = _temp.Combine("taken.mp4");
        await System.IO.File.WriteAllTextAsync(output, "precious", Ct);

        var failure = await Should.ThrowAsync<ProcessFailedException>(() =>
            new FfmpegRunner(_runner).RunAsync(
                new FfmpegArguments
                {
                    InputPath = clips.Plain,
                    OutputPath = output,
                    Maps = [0, 1],
                },
                null,
                null,
                Ct
            )
        );

        failure.Message.ShouldContain("already exists");
        (await System.IO.File.ReadAllTextAsync(output, Ct)).ShouldBe("precious");
    }
}
