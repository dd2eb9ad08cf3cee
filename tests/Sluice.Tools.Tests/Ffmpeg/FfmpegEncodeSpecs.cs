using Sluice.Testing;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;

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
        var plan = EncodePlanner.Plan(source).ShouldBeOfType<EncodePlan.Hardsub>();
        var output = _temp.Combine("out.mp4");

        await new FfmpegRunner(_runner).RunAsync(
            plan.ToArguments(clips.Anime, output),
            source.Duration,
            null,
            Ct
        );

        var result = await Ffprobe.ProbeAsync(output, ProbeDepth.ReadPackets, Ct);
        OutputValidator.Validate(source, result).Problems.ShouldBeEmpty();
        result.Audio.ShouldHaveSingleItem().Language.ShouldBe("jpn");
        result.Subtitles.ShouldBeEmpty();
        result.MainVideo.ShouldNotBeNull().CodecName.ShouldBe("h264");
    }

    [Fact]
    public async Task The_subtitles_filter_loads_the_fonts_attached_to_the_mkv_by_itself()
    {
        // A fontconfig that knows no fonts at all: any font libass finds must come from the file.
        var options = new FfmpegOptions
        {
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["FONTCONFIG_FILE"] = await WriteEmptyFontconfigAsync(),
            },
        };
        var ffmpeg = new FfmpegRunner(_runner, options);

        var attached = await ffmpeg.RunAsync(Burn(clips.Anime, "attached.mp4"), null, null, Ct);
        var missing = await ffmpeg.RunAsync(
            Burn(clips.SubtitlesWithoutFont, "missing.mp4"),
            null,
            null,
            Ct
        );

        // A memory font has no file path: "-> DejaVuSans, 0, DejaVuSans", not "-> /usr/share/fonts/…".
        attached.StandardErrorTail.ShouldContain(l =>
            l.Contains(
                "fontselect: (DejaVu Sans, 400, 0) -> DejaVuSans, 0, DejaVuSans",
                StringComparison.Ordinal
            )
        );
        attached.StandardErrorTail.ShouldNotContain(l =>
            l.Contains("failed to find", StringComparison.Ordinal)
        );
        missing.StandardErrorTail.ShouldContain(l =>
            l.Contains("fontselect: failed to find any fallback", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Remux_keeps_the_japanese_track_copies_the_streams_and_validates()
    {
        var source = await Ffprobe.ProbeAsync(clips.Plain, Ct);
        var plan = EncodePlanner.Plan(source).ShouldBeOfType<EncodePlan.Remux>();
        var output = _temp.Combine("out.mp4");

        await new FfmpegRunner(_runner).RunAsync(
            plan.ToArguments(clips.Plain, output),
            source.Duration,
            null,
            Ct
        );

        var result = await Ffprobe.ProbeAsync(output, ProbeDepth.ReadPackets, Ct);
        plan.ShouldBe(
            new EncodePlan.Remux(VideoStream: 0, AudioStream: 1, CopyAudio: true, CopyVideo: true)
        );
        OutputValidator.Validate(source, result).IsValid.ShouldBeTrue();
        result.Audio.ShouldHaveSingleItem().Language.ShouldBe("jpn");
        result.IsFormat("mp4").ShouldBeTrue();
    }

    [Fact]
    public async Task A_conforming_mp4_is_skipped()
    {
        var source = await Ffprobe.ProbeAsync(clips.Mp4, Ct);

        EncodePlanner.Plan(source).ShouldBeOfType<EncodePlan.Skip>();
    }

    [Fact]
    public async Task Progress_reports_percentages_and_an_end()
    {
        var source = await Ffprobe.ProbeAsync(clips.Anime, Ct);
        var reports = new List<EncodeProgress>();

        await new FfmpegRunner(_runner).RunAsync(
            EncodePlanner.Plan(source).ToArguments(clips.Anime, _temp.Combine("out.mp4")),
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
        await new FfmpegRunner(_runner).RunAsync(
            EncodePlanner.Plan(source).ToArguments(clips.Plain, output),
            source.Duration,
            null,
            Ct
        );
        var truncated = Testing.Media.TestClips.CreateTruncated(output, _temp.Combine("cut.mp4"));

        var headers = await Ffprobe.ProbeAsync(truncated, ProbeDepth.Headers, Ct);
        var packets = await Ffprobe.ProbeAsync(truncated, ProbeDepth.ReadPackets, Ct);

        // Faststart put the full index up front: by its headers the cut file still lasts 2 s.
        headers.Duration.ShouldNotBeNull().TotalSeconds.ShouldBe(2, tolerance: 0.1);
        var validation = OutputValidator.Validate(source, packets);
        validation.IsValid.ShouldBeFalse();
        validation.Problems.ShouldContain(p =>
            p.Contains("could be read (truncated?)", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task An_existing_output_is_never_overwritten()
    {
        var output = _temp.Combine("taken.mp4");
        await File.WriteAllTextAsync(output, "precious", Ct);

        var failure = await Should.ThrowAsync<ProcessFailedException>(() =>
            new FfmpegRunner(_runner).RunAsync(
                new EncodePlan.Remux(0, 1, true, true).ToArguments(clips.Plain, output),
                null,
                null,
                Ct
            )
        );

        failure.Message.ShouldContain("already exists");
        (await File.ReadAllTextAsync(output, Ct)).ShouldBe("precious");
    }

    [Fact]
    public async Task A_hostile_file_name_survives_the_subtitles_filter()
    {
        var dir = _temp.Sub("it's [a], b; c=d: e");
        var input = Path.Combine(dir, @"ep 01 [x]; it's, a:b \ c .mkv");
        File.Copy(clips.Anime, input);

        var result = await new FfmpegRunner(_runner).RunAsync(
            Burn(input, "out.mp4"),
            null,
            null,
            Ct
        );

        result.StandardErrorTail.ShouldContain(l =>
            l.Contains("fontselect: (DejaVu Sans", StringComparison.Ordinal)
        );
        (await Ffprobe.ProbeAsync(_temp.Combine("out.mp4"), Ct)).MainVideo.ShouldNotBeNull();
    }

    private FfmpegArguments Burn(string input, string outputName) =>
        new EncodePlan.Hardsub(
            VideoStream: 0,
            AudioStream: null,
            CopyAudio: false,
            SubtitleIndex: 0
        ).ToArguments(input, _temp.Combine(outputName));

    private async Task<string> WriteEmptyFontconfigAsync()
    {
        var path = _temp.Combine("fonts.conf");
        await File.WriteAllTextAsync(
            path,
            $"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><cachedir>{_temp.Sub("fc-cache")}</cachedir></fontconfig>""",
            Ct
        );
        return path;
    }
}
