using Sluice.Tools.Ffmpeg;
using static Sluice.Tools.Tests.Ffmpeg.Media;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>Configured profiles: the first that matches wins; conditions; transcode; Matroska outputs.</summary>
public sealed class EncodeProfileSpecs
{
    private static readonly VideoTarget Hevc = new(VideoFormat.H265, 23, "medium");

    private static EncodeProfile Profile(
        string name,
        EncodeAction action,
        EncodeConditions? when = null,
        OutputContainer container = OutputContainer.Mp4
    ) => new(name, action, when ?? new EncodeConditions(), Hevc, container);

    [Fact]
    public void The_first_profile_whose_conditions_match_decides()
    {
        var profiles = new[]
        {
            Profile(
                "anime-hevc",
                EncodeAction.Transcode,
                new EncodeConditions { Kinds = ["anime"] }
            ),
            Profile("everything", EncodeAction.Remux),
        };
        var source = File(Mkv, Video(0), Audio(1));

        Planned(Decide(source, "anime", profiles)).Profile.ShouldBe("anime-hevc");
        Planned(Decide(source, "movie", profiles)).Profile.ShouldBe("everything");
    }

    [Fact]
    public void With_no_matching_profile_the_file_is_skipped_and_each_profile_says_why()
    {
        var profiles = new[]
        {
            Profile("films", EncodeAction.Transcode, new EncodeConditions { Kinds = ["movie"] }),
            Profile(
                "old-codecs",
                EncodeAction.Transcode,
                new EncodeConditions { NotVideoCodecs = ["h264", "h265"] }
            ),
        };

        var skip = Decide(File(Mkv, Video(0, "hevc"), Audio(1)), "episode", profiles)
            .ShouldBeOfType<EncodeDecision.Skip>();

        skip.Reason.ShouldBe(
            "no profile applies (films: the file is episode, not movie; old-codecs: the video is already hevc)"
        );
    }

    public static TheoryData<EncodeConditions, bool> Conditions =>
        new()
        {
            {
                new EncodeConditions { Kinds = ["Anime", "movie"] },
                true
            },
            {
                new EncodeConditions { Kinds = ["episode"] },
                false
            },
            {
                new EncodeConditions { VideoCodecs = ["x264", "mpeg2video"] },
                true
            },
            {
                new EncodeConditions { VideoCodecs = ["h265"] },
                false
            },
            {
                new EncodeConditions { NotVideoCodecs = ["hevc"] },
                true
            },
            {
                new EncodeConditions { NotVideoCodecs = ["avc"] },
                false
            },
            {
                new EncodeConditions { Containers = ["mkv"] },
                true
            },
            {
                new EncodeConditions { Containers = ["mp4", "avi"] },
                false
            },
            {
                new EncodeConditions { TextSubtitles = true },
                true
            },
            {
                new EncodeConditions { TextSubtitles = false },
                false
            },
            {
                new EncodeConditions { MinHeight = 1080 },
                true
            },
            {
                new EncodeConditions { MinHeight = 1081 },
                false
            },
            {
                new EncodeConditions { MaxHeight = 720 },
                false
            },
            {
                new EncodeConditions
                {
                    Kinds = ["anime"],
                    MaxHeight = 1080,
                    Containers = ["matroska"],
                },
                true
            },
        };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Conditions_test_the_kind_codec_container_text_subtitles_and_height_of_a_1080p_anime_mkv(
        EncodeConditions when,
        bool matches
    )
    {
        var source = File(Mkv, Video(0, "h264"), Audio(1), Subtitle(2, "ass"));

        (when.Mismatch(source, "anime") is null).ShouldBe(matches);
    }

    [Fact]
    public void Transcode_skips_a_file_already_in_the_target_codec_and_container()
    {
        var profiles = new[]
        {
            Profile("hevc", EncodeAction.Transcode, container: OutputContainer.Mkv),
        };

        Decide(File(Mkv, Video(0, "hevc"), Audio(1, "flac"), Subtitle(2)), "episode", profiles)
            .ShouldBeOfType<EncodeDecision.Skip>()
            .Reason.ShouldBe("hevc: already hevc in mkv with audio it carries");
        Decide(File(Mp4, Video(0, "hevc"), Audio(1, "aac")), "episode", profiles)
            .ShouldBeOfType<EncodeDecision.Run>("an mp4 is not yet in mkv");
    }

    [Fact]
    public void Transcode_to_hevc_in_mkv_keeps_every_subtitle_and_attachment_and_the_chosen_audio()
    {
        var profiles = new[]
        {
            Profile("hevc", EncodeAction.Transcode, container: OutputContainer.Mkv),
        };
        var source = File(
            Mkv,
            Video(0, "h264"),
            Audio(1, "flac", "jpn"),
            Audio(2, "aac", "eng", isDefault: true),
            Subtitle(3, "ass"),
            Subtitle(4, "hdmv_pgs_subtitle"),
            Font(5)
        );

        var plan = Planned(Decide(source, "anime", profiles));

        plan.ShouldSatisfyAllConditions(
            p => p.Video.ShouldBe(new VideoCodec.Encode(VideoFormat.H265, 23, "medium")),
            p => p.AudioStream.ShouldBe(1),
            p => p.Audio.ShouldBeOfType<AudioCodec.Copy>("Matroska carries flac"),
            p => p.Kept.ShouldBe([3, 4, 5]),
            p => p.Expectation.ShouldBe(new OutputExpectation("hevc", 1, 2)),
            p => p.Burn.ShouldBeEmpty(),
            p => p.Reason.ShouldStartWith("hevc: h264 video to hevc")
        );
        var arguments = plan.ToArguments("/w/in.mkv", "/w/out.mkv", "/w/fonts").ToArgumentList();
        arguments.ShouldContain("matroska");
        arguments.ShouldContain("-c:s");
        arguments.ShouldNotContain("+faststart");
    }

    [Fact]
    public void Hevc_written_into_mp4_is_tagged_hvc1_for_apple_players()
    {
        var profiles = new[] { Profile("hevc", EncodeAction.Transcode) };

        Planned(Decide(File(Mkv, Video(0, "h264"), Audio(1)), "episode", profiles))
            .Video.ShouldBe(new VideoCodec.Encode(VideoFormat.H265, 23, "medium", Tag: "hvc1"));
    }

    [Fact]
    public void Remux_into_mkv_skips_a_matroska_source_and_copies_anything_else_whole()
    {
        var profiles = new[] { Profile("mkv", EncodeAction.Remux, container: OutputContainer.Mkv) };

        Decide(File(Mkv, Video(0, "vc1"), Audio(1, "dts")), "movie", profiles)
            .ShouldBeOfType<EncodeDecision.Skip>();
        var plan = Planned(
            Decide(File("avi", Video(0, "mpeg4"), Audio(1, "mp3")), "movie", profiles)
        );
        plan.Video.ShouldBe(new VideoCodec.Copy());
        plan.Audio.ShouldBeOfType<AudioCodec.Copy>();
    }

    [Fact]
    public void Font_attachments_are_found_by_mimetype_name_or_codec_and_get_names_sluice_chose()
    {
        var source = File(
            Mkv,
            Video(0),
            Audio(1),
            Subtitle(2, "ass", isDefault: true),
            Font(3, "../../evil.TTF", "application/octet-stream", null),
            Font(4, "Typeset.otf", "application/vnd.ms-opentype", "otf"),
            Font(5, null, "font/sfnt", null),
            Font(6, "cover.jpg", "image/jpeg", null)
        );

        Planned(Decide(source))
            .Fonts.ShouldBe([
                new FontAttachment(3, "font-3.ttf"),
                new FontAttachment(4, "font-4.otf"),
                new FontAttachment(5, "font-5.ttf"),
            ]);
    }

    [Fact]
    public void Audio_follows_the_preferred_languages_then_the_codec_preference()
    {
        var source = File(
            Mkv,
            Video(0),
            Audio(1, "aac", "eng", isDefault: true),
            Audio(2, "flac", "ger"),
            Audio(3, "ac3", "deu"),
            Audio(4, "aac", "de")
        );
        var preferences = StreamPreferences.Default with
        {
            AudioLanguages = ["fr", "de"],
            AudioCodecs = ["ac3", "flac"],
        };

        Planned(Decide(source, "movie", preferences: preferences)).AudioStream.ShouldBe(3);
        Planned(Decide(source, "movie", preferences: preferences with { AudioCodecs = [] }))
            .AudioStream.ShouldBe(2);
        Planned(Decide(source, "movie")).AudioStream.ShouldBe(1);
    }
}
