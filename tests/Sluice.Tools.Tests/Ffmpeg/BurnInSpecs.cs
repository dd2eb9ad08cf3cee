using Sluice.Testing;
using Sluice.Testing.Media;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;
using static Sluice.Tools.Tests.Ffmpeg.Media;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>Burning subtitles with the real ffmpeg and libass: the file's fonts, several tracks, hostile names.</summary>
public sealed class BurnInSpecs(ClipsFixture clips) : IClassFixture<ClipsFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("sluice-burn");
    private readonly ProcessRunner _runner = new(
        TimeProvider.System,
        new ProcessRunnerOptions { OwnerTag = "test-ffmpeg", TailLines = 200 }
    );

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FfprobeClient Ffprobe => new(_runner);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_subtitles_filter_loads_the_fonts_attached_to_the_mkv_by_itself()
    {
        var ffmpeg = new FfmpegRunner(_runner, await WithoutSystemFontsAsync());

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
    public async Task A_font_tagged_octet_stream_is_extracted_for_libass_which_the_filter_alone_would_miss()
    {
        var ffmpeg = new FfmpegRunner(_runner, await WithoutSystemFontsAsync());
        var source = await Ffprobe.ProbeAsync(clips.OctetStreamFont, Ct);
        var plan = Planned(Decide(source, "anime"));
        var fonts = _temp.Sub("fonts");

        var extracted = await ffmpeg.RunAsync(
            plan.ToArguments(clips.OctetStreamFont, _temp.Combine("extracted.mp4"), fonts),
            null,
            null,
            Ct
        );
        var alone = await ffmpeg.RunAsync(Burn(clips.OctetStreamFont, "alone.mp4"), null, null, Ct);

        plan.Fonts.ShouldHaveSingleItem();
        Directory.GetFiles(fonts).Select(Path.GetFileName).ShouldBe([plan.Fonts[0].FileName]);
        extracted.StandardErrorTail.ShouldContain(l =>
            l.Contains(
                $"Loading font file '{fonts}/{plan.Fonts[0].FileName}'",
                StringComparison.Ordinal
            )
        );
        extracted.StandardErrorTail.ShouldContain(l =>
            l.Contains("fontselect: (DejaVu Sans, 400, 0) -> DejaVuSans", StringComparison.Ordinal)
        );
        alone.StandardErrorTail.ShouldContain(l =>
            l.Contains("fontselect: failed to find any fallback", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task A_dialogue_track_and_a_signs_track_are_burned_together_in_one_pass()
    {
        var source = await Ffprobe.ProbeAsync(clips.DialogueAndSigns, Ct);
        var plan = Planned(Decide(source, "anime"));
        var output = _temp.Combine("both.mp4");

        await new FfmpegRunner(_runner).RunAsync(
            plan.ToArguments(clips.DialogueAndSigns, output, _temp.Sub("fonts")),
            null,
            null,
            Ct
        );

        plan.Burn.ShouldBe([0, 1]);
        var before = await Frames.GrayAsync(
            clips.DialogueAndSigns,
            TimeSpan.FromSeconds(1),
            _temp.Path,
            Ct
        );
        var after = await Frames.GrayAsync(output, TimeSpan.FromSeconds(1), _temp.Path, Ct);
        Frames.Differing(before, after, 160, 0, 30).ShouldBeGreaterThan(50, "the signs at the top");
        Frames
            .Differing(before, after, 160, 60, 90)
            .ShouldBeGreaterThan(50, "the dialogue at the bottom");
    }

    [Fact]
    public async Task A_hostile_file_name_survives_the_subtitles_filter_and_the_fonts_folder()
    {
        var dir = _temp.Sub("it's [a], b; c=d: e");
        var input = Path.Combine(dir, @"ep 01 [x]; it's, a:b \ c .mkv");
        System.IO.File.Copy(clips.OctetStreamFont, input);
        var fonts = _temp.Sub("it's [a], b; c=d: e", "fonts, [1]; x:y");
        var plan = Planned(Decide(await Ffprobe.ProbeAsync(input, Ct), "anime"));

        var result = await new FfmpegRunner(_runner).RunAsync(
            plan.ToArguments(input, _temp.Combine("out.mp4"), fonts),
            null,
            null,
            Ct
        );

        result.StandardErrorTail.ShouldContain(l =>
            l.Contains("Loading font file", StringComparison.Ordinal)
        );
        result.StandardErrorTail.ShouldContain(l =>
            l.Contains("fontselect: (DejaVu Sans", StringComparison.Ordinal)
        );
        (await Ffprobe.ProbeAsync(_temp.Combine("out.mp4"), Ct)).MainVideo.ShouldNotBeNull();
    }

    /// <summary>Burns the first subtitle track with the subtitles filter alone: no fonts folder.</summary>
    private FfmpegArguments Burn(string input, string outputName) =>
        new()
        {
            InputPath = input,
            OutputPath = _temp.Combine(outputName),
            Maps = [0],
            Video = VideoCodec.X264(),
            BurnIn = [new SubtitleBurnIn(input, 0)],
        };

    /// <summary>A fontconfig that knows no fonts at all: any font libass finds must come from the file.</summary>
    private async Task<FfmpegOptions> WithoutSystemFontsAsync()
    {
        var path = _temp.Combine("fonts.conf");
        await System.IO.File.WriteAllTextAsync(
            path,
            $"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><cachedir>{_temp.Sub("fc-cache")}</cachedir></fontconfig>""",
            Ct
        );
        return new FfmpegOptions
        {
            EnvironmentVariables = new Dictionary<string, string?> { ["FONTCONFIG_FILE"] = path },
        };
    }
}
