using Sluice.Testing;
using Sluice.Testing.Media;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Tests.Ffmpeg;

public sealed class FfprobeSpecs(ClipsFixture clips) : IClassFixture<ClipsFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("sluice-probe");
    private readonly FfprobeClient _ffprobe = new(
        new ProcessRunner(
            TimeProvider.System,
            new ProcessRunnerOptions { OwnerTag = "test-ffprobe" }
        )
    );

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Probe_reports_streams_languages_subtitles_and_the_attached_font()
    {
        var info = await _ffprobe.ProbeAsync(clips.Anime, Ct);

        info.FormatName.ShouldBe("matroska,webm");
        info.SizeBytes.ShouldBe(new FileInfo(clips.Anime).Length);
        info.Duration.ShouldNotBeNull().TotalSeconds.ShouldBe(2, tolerance: 0.1);
        info.Streams.Select(s => s.Kind)
            .ShouldBe([
                StreamKind.Video,
                StreamKind.Audio,
                StreamKind.Audio,
                StreamKind.Subtitle,
                StreamKind.Attachment,
            ]);
        info.MainVideo.ShouldNotBeNull()
            .ShouldSatisfyAllConditions(
                v => v.CodecName.ShouldBe("h264"),
                v => v.Width.ShouldBe(160),
                v => v.Height.ShouldBe(90)
            );
        info.Audio.Select(a => a.Language).ShouldBe(["eng", "jpn"]);
        info.Subtitles.ShouldHaveSingleItem()
            .ShouldSatisfyAllConditions(
                s => s.CodecName.ShouldBe("ass"),
                s => s.IsDefault.ShouldBeTrue()
            );
        var font = info.Streams[4];
        font.FileName.ShouldBe("DejaVuSans.ttf");
        font.MimeType.ShouldBe("application/x-truetype-font");
        info.ProbeErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_clip_without_audio_has_no_audio_streams()
    {
        var info = await _ffprobe.ProbeAsync(clips.Silent, Ct);

        info.Audio.ShouldBeEmpty();
        info.MainVideo.ShouldNotBeNull();
    }

    [Fact]
    public async Task Reading_packets_counts_them_against_what_an_mp4_declares()
    {
        var info = await _ffprobe.ProbeAsync(clips.Mp4, ProbeDepth.ReadPackets, Ct);

        info.Depth.ShouldBe(ProbeDepth.ReadPackets);
        info.Streams.ShouldAllBe(s => s.PacketsRead == s.FrameCount && s.PacketsRead > 0);
    }

    [Fact]
    public async Task A_corrupt_file_fails_with_a_clear_MediaProbeException()
    {
        var corrupt = TestClips.CreateCorrupt(_temp.Path);

        var failure = await Should.ThrowAsync<MediaProbeException>(() =>
            _ffprobe.ProbeAsync(corrupt, Ct)
        );

        failure.FilePath.ShouldBe(corrupt);
        failure.Reason.ShouldEndWith("Invalid data found when processing input");
        failure.Message.ShouldStartWith("'corrupt.mkv' could not be read as media:");
    }

    [Fact]
    public async Task A_missing_file_fails_with_MediaProbeException()
    {
        var failure = await Should.ThrowAsync<MediaProbeException>(() =>
            _ffprobe.ProbeAsync(_temp.Combine("gone.mkv"), Ct)
        );

        failure.Reason.ShouldContain("No such file or directory");
    }

    [Fact]
    public async Task A_matroska_file_cut_in_half_betrays_itself_when_its_packets_are_read()
    {
        var truncated = TestClips.CreateTruncated(clips.Plain, _temp.Combine("cut.mkv"));

        var info = await _ffprobe.ProbeAsync(truncated, ProbeDepth.ReadPackets, Ct);

        // Matroska keeps its duration up front, so only the read errors tell.
        info.Duration.ShouldNotBeNull().TotalSeconds.ShouldBe(2, tolerance: 0.1);
        info.ProbeErrors.ShouldContain(e =>
            e.Contains("File ended prematurely", StringComparison.Ordinal)
        );
    }
}
