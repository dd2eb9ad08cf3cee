using Sluice.Tools.Ffmpeg;
using static Sluice.Tools.Tests.Ffmpeg.Media;

namespace Sluice.Tools.Tests.Ffmpeg;

public sealed class EncodePlannerSpecs
{
    [Theory]
    [InlineData("h264", "aac")]
    [InlineData("hevc", "ac3")]
    [InlineData("h264", "mp3")]
    public void An_mp4_with_compatible_codecs_and_no_subtitles_is_skipped(
        string video,
        string audio
    )
    {
        EncodePlanner
            .Plan(File(Mp4, Video(0, video), Audio(1, audio)))
            .ShouldBeOfType<EncodePlan.Skip>();
    }

    [Fact]
    public void A_file_without_real_video_is_skipped_even_with_cover_art()
    {
        var plan = EncodePlanner.Plan(
            File(Mp4, Audio(0, "flac"), Video(1, "mjpeg", coverArt: true))
        );

        plan.ShouldBeOfType<EncodePlan.Skip>().Reason.ShouldContain("no video");
    }

    [Fact]
    public void Hardsub_burns_the_default_text_subtitle_counted_among_subtitle_streams()
    {
        // si counts every subtitle stream, image ones included: PGS is 0, the first ASS 1, the default ASS 2.
        var source = File(
            Mkv,
            Video(0),
            Audio(1, "aac", "eng", isDefault: true),
            Audio(2, "aac", "jpn"),
            Subtitle(3, "hdmv_pgs_subtitle"),
            Subtitle(4, "ass"),
            Subtitle(5, "ass", isDefault: true),
            Font(6)
        );

        var plan = EncodePlanner.Plan(source);

        plan.ShouldBe(
            new EncodePlan.Hardsub(
                VideoStream: 0,
                AudioStream: 2,
                CopyAudio: true,
                SubtitleIndex: 2
            )
        );
    }

    [Fact]
    public void Hardsub_takes_the_first_text_subtitle_when_none_is_default_and_encodes_non_aac_audio()
    {
        var source = File(
            Mkv,
            Video(0, "hevc"),
            Audio(1, "flac", "jpn"),
            Subtitle(2, "subrip"),
            Subtitle(3, "ass")
        );

        EncodePlanner
            .Plan(source)
            .ShouldBe(new EncodePlan.Hardsub(0, 1, CopyAudio: false, SubtitleIndex: 0));
    }

    [Fact]
    public void An_mp4_with_a_mov_text_subtitle_is_hardsubbed_not_skipped()
    {
        EncodePlanner
            .Plan(File(Mp4, Video(0), Audio(1), Subtitle(2, "mov_text")))
            .ShouldBeOfType<EncodePlan.Hardsub>();
    }

    [Fact]
    public void An_mkv_without_text_subtitles_is_remuxed_with_the_japanese_track()
    {
        var source = File(
            Mkv,
            Video(0),
            Audio(1, "ac3", "eng", isDefault: true),
            Audio(2, "ac3", "jpn"),
            Subtitle(3, "hdmv_pgs_subtitle")
        );

        EncodePlanner
            .Plan(source)
            .ShouldBe(new EncodePlan.Remux(0, 2, CopyAudio: true, CopyVideo: true));
    }

    [Fact]
    public void Remux_encodes_audio_mp4_cannot_hold_well_and_prefers_the_default_track_without_japanese()
    {
        var source = File(
            Mkv,
            Video(0),
            Audio(1, "opus", "eng"),
            Audio(2, "opus", "fre", isDefault: true)
        );

        EncodePlanner
            .Plan(source)
            .ShouldBe(new EncodePlan.Remux(0, 2, CopyAudio: false, CopyVideo: true));
    }

    [Fact]
    public void Remux_tags_copied_hevc_and_transcodes_video_mp4_cannot_carry()
    {
        EncodePlanner
            .Plan(File(Mkv, Video(0, "hevc"), Audio(1)))
            .ShouldBe(new EncodePlan.Remux(0, 1, true, true, "hvc1"));
        EncodePlanner
            .Plan(File(Mkv, Video(0, "mpeg2video"), Audio(1)))
            .ShouldBe(new EncodePlan.Remux(0, 1, true, CopyVideo: false));
    }

    [Fact]
    public void An_mp4_with_incompatible_audio_is_remuxed_not_skipped()
    {
        EncodePlanner
            .Plan(File(Mp4, Video(0), Audio(1, "opus")))
            .ShouldBe(new EncodePlan.Remux(0, 1, CopyAudio: false, CopyVideo: true));
    }

    [Fact]
    public void A_silent_video_is_remuxed_without_an_audio_map()
    {
        EncodePlanner
            .Plan(File(Mkv, Video(0)))
            .ShouldBe(new EncodePlan.Remux(0, null, false, true));
    }
}
