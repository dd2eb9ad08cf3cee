using Sluice.Tools.Ffmpeg;
using static Sluice.Tools.Tests.Ffmpeg.Media;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>The default profiles (hardsub when there is a text subtitle, else remux), as before profiles existed.</summary>
public sealed class EncodePlannerSpecs
{
    [Theory]
    [InlineData("h264", "aac")]
    [InlineData("hevc", "ac3")]
    [InlineData("h264", "mp3")]
    public void An_mp4_with_compatible_codecs_and_no_subtitles_is_skipped_by_the_remux_profile(
        string video,
        string audio
    )
    {
        Decide(File(Mp4, Video(0, video), Audio(1, audio)))
            .ShouldBeOfType<EncodeDecision.Skip>()
            .Reason.ShouldStartWith("remux: already mp4");
    }

    [Fact]
    public void A_file_without_real_video_is_skipped_even_with_cover_art()
    {
        var decision = Decide(File(Mp4, Audio(0, "flac"), Video(1, "mjpeg", coverArt: true)));

        decision.ShouldBeOfType<EncodeDecision.Skip>().Reason.ShouldContain("no video");
    }

    [Fact]
    public void Hardsub_burns_the_default_text_subtitle_counted_among_subtitle_streams_with_the_attached_fonts()
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

        var plan = Planned(Decide(source, "anime"));

        plan.ShouldSatisfyAllConditions(
            p => p.Profile.ShouldBe("hardsub"),
            p => p.VideoStream.ShouldBe(0),
            p => p.AudioStream.ShouldBe(2),
            p => p.Audio.ShouldBeOfType<AudioCodec.Copy>(),
            p => p.Burn.ShouldBe([2]),
            p => p.Fonts.ShouldBe([new FontAttachment(6, "font-6.ttf")]),
            p => p.Video.ShouldBe(VideoCodec.X264()),
            p => p.Reason.ShouldContain("burning subtitle #5 (ass, eng)"),
            p => p.Reason.ShouldContain("1 attached font(s)"),
            p => p.Reason.ShouldContain("audio #2 (aac, jpn)")
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

        var plan = Planned(Decide(source));

        plan.Burn.ShouldBe([0]);
        plan.Audio.ShouldBe(AudioCodec.Aac());
        plan.Reason.ShouldContain("audio #1 (flac → aac, jpn)");
    }

    [Fact]
    public void An_mp4_with_a_mov_text_subtitle_is_hardsubbed_not_skipped()
    {
        Planned(Decide(File(Mp4, Video(0), Audio(1), Subtitle(2, "mov_text"))))
            .Action.ShouldBe(EncodeAction.Hardsub);
    }

    [Fact]
    public void An_anime_mkv_without_text_subtitles_is_remuxed_with_the_japanese_track()
    {
        var source = File(
            Mkv,
            Video(0),
            Audio(1, "ac3", "eng", isDefault: true),
            Audio(2, "ac3", "jpn"),
            Subtitle(3, "hdmv_pgs_subtitle")
        );

        var plan = Planned(Decide(source, "anime"));

        plan.ShouldSatisfyAllConditions(
            p => p.Profile.ShouldBe("remux"),
            p => p.AudioStream.ShouldBe(2),
            p => p.Audio.ShouldBeOfType<AudioCodec.Copy>(),
            p => p.Video.ShouldBe(new VideoCodec.Copy()),
            p => p.Kept.ShouldBeEmpty("mp4 drops subtitles")
        );
    }

    [Fact]
    public void A_film_keeps_its_default_track_even_beside_a_japanese_one()
    {
        var source = File(
            Mkv,
            Video(0),
            Audio(1, "aac", "eng", isDefault: true),
            Audio(2, "aac", "jpn")
        );

        Planned(Decide(source, "movie")).AudioStream.ShouldBe(1);
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

        var plan = Planned(Decide(source, "anime"));

        plan.AudioStream.ShouldBe(2);
        plan.Audio.ShouldBe(AudioCodec.Aac());
        plan.Video.ShouldBe(new VideoCodec.Copy());
    }

    [Fact]
    public void Remux_tags_copied_hevc_and_transcodes_video_mp4_cannot_carry()
    {
        Planned(Decide(File(Mkv, Video(0, "hevc"), Audio(1))))
            .Video.ShouldBe(new VideoCodec.Copy("hvc1"));
        var mpeg2 = Planned(Decide(File(Mkv, Video(0, "mpeg2video"), Audio(1))));
        mpeg2.Video.ShouldBe(VideoCodec.X264());
        mpeg2.Expectation.ShouldBe(new OutputExpectation("h264", 1, 0));
    }

    [Fact]
    public void An_mp4_with_incompatible_audio_is_remuxed_not_skipped()
    {
        var plan = Planned(Decide(File(Mp4, Video(0), Audio(1, "opus"))));

        plan.Audio.ShouldBe(AudioCodec.Aac());
        plan.Video.ShouldBe(new VideoCodec.Copy());
    }

    [Fact]
    public void A_silent_video_is_remuxed_without_an_audio_map()
    {
        var plan = Planned(Decide(File(Mkv, Video(0))));

        plan.AudioStream.ShouldBeNull();
        plan.Expectation.ShouldBe(new OutputExpectation("h264", 0, 0));
        plan.Reason.ShouldContain("no audio");
    }
}
