using Sluice.Tools.Ffmpeg;
using static Sluice.Tools.Tests.Ffmpeg.Media;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>The burn rule: full subtitles for foreign audio, signs and songs only for a dub.</summary>
public sealed class StreamSelectionSpecs
{
    private static MediaInfo Release(params MediaStream[] subtitles) =>
        File(
            Mkv,
            [
                Video(0),
                Audio(1, "aac", "jpn", isDefault: true),
                Audio(2, "aac", "eng"),
                .. subtitles,
            ]
        );

    private static readonly MediaStream FullEnglish = Subtitle(
        3,
        title: "English",
        isDefault: true
    );
    private static readonly MediaStream Signs = Subtitle(4, title: "Signs & Songs");

    [Fact]
    public void Japanese_audio_burns_the_full_english_track()
    {
        var plan = Planned(Decide(Release(FullEnglish, Signs), "anime"));

        plan.AudioStream.ShouldBe(1);
        plan.Burn.ShouldBe([0]);
    }

    [Fact]
    public void An_english_dub_burns_only_the_signs_and_songs_track()
    {
        var preferences = StreamPreferences.Default with { AnimeAudioLanguages = ["eng"] };

        var plan = Planned(Decide(Release(FullEnglish, Signs), "anime", preferences: preferences));

        plan.AudioStream.ShouldBe(2);
        plan.Burn.ShouldBe([1]);
        plan.Reason.ShouldContain(
            "only subtitle #4 'Signs & Songs' (ass, eng): the audio is in the subtitles' language (eng)"
        );
    }

    [Fact]
    public void A_dub_without_a_signs_track_has_nothing_to_burn_so_the_next_profile_remuxes()
    {
        var preferences = StreamPreferences.Default with { AnimeAudioLanguages = ["en"] };

        var plan = Planned(Decide(Release(FullEnglish), "anime", preferences: preferences));

        plan.Profile.ShouldBe("remux");
        plan.AudioStream.ShouldBe(2);
    }

    [Fact]
    public void A_dialogue_only_track_is_burned_with_the_signs_track_on_top()
    {
        var dialogue = Subtitle(3, title: "English (Dialogue)", isDefault: true);

        Planned(Decide(Release(dialogue, Signs), "anime")).Burn.ShouldBe([0, 1]);
    }

    [Theory]
    [InlineData("Signs & Songs", false, true)]
    [InlineData("Signs/Songs", false, true)]
    [InlineData("English [Signs]", false, true)]
    [InlineData("S&S", false, true)]
    [InlineData("Songs only", false, true)]
    [InlineData("Full Subtitles (with signs)", false, false)]
    [InlineData("Dialogue + Signs", false, false)]
    [InlineData("English", false, false)]
    [InlineData("Designs", false, false)]
    [InlineData(null, true, true)]
    public void A_track_is_signs_only_by_its_title_or_the_forced_flag(
        string? title,
        bool forced,
        bool signs
    )
    {
        StreamSelection.IsSigns(Subtitle(3, title: title, forced: forced)).ShouldBe(signs);
    }

    [Fact]
    public void The_preferred_subtitle_language_picks_the_main_track_over_the_default_flag()
    {
        var english = Subtitle(3, title: "English", isDefault: true);
        var french = Subtitle(4, language: "fre", title: "Français");
        var preferences = StreamPreferences.Default with { SubtitleLanguages = ["fr"] };

        Planned(Decide(Release(english, french), "anime", preferences: preferences))
            .Burn.ShouldBe([1]);
    }

    [Fact]
    public void With_only_a_signs_track_and_foreign_audio_the_signs_are_burned()
    {
        Planned(Decide(Release(Signs), "anime")).Burn.ShouldBe([0]);
    }

    [Theory]
    [InlineData("ja", "jpn")]
    [InlineData("JPN", "jpn")]
    [InlineData("fra", "fre")]
    [InlineData("pt-BR", "por")]
    [InlineData("und", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Language_tags_are_normalized_to_one_code(string? tag, string? code)
    {
        Languages.Normalize(tag).ShouldBe(code);
    }
}
