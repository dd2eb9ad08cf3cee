using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

/// <summary>Fansub conventions: [Group] Title - 07 [tags][CRC32].</summary>
public sealed class ReleaseParserAnimeTests
{
    [Fact]
    public void Anime_absolute_number_after_dash_is_the_episode()
    {
        var info = ReleaseParser.Parse(
            "[SubsPlease] Sousou no Frieren - 26 (1080p) [9A8B7C6D].mkv"
        );

        info.Title.ShouldBe("Sousou no Frieren");
        info.Episodes.ShouldBe([26]);
        info.Season.ShouldBeNull();
        info.ReleaseGroup.ShouldBe("SubsPlease");
        info.Resolution.ShouldBe("1080p");
        info.Checksum.ShouldBe("9A8B7C6D");
        info.Extension.ShouldBe("mkv");
        info.Kind.ShouldBe(MediaKind.Episode);
        info.IsConfident.ShouldBeTrue();
    }

    [Theory]
    [InlineData("[0x539] Spy x Family - 03 [1080p].mkv", "0x539")]
    [InlineData("[5F] Kaiju No. 8 - 04 [720p].mkv", "5F")]
    [InlineData("[7.1.7.8.5] Some Show - 11 (H.264) [5235532D].mkv", "7.1.7.8.5")]
    public void Group_in_brackets_that_looks_like_a_number_is_not_an_episode(
        string name,
        string group
    )
    {
        var info = ReleaseParser.Parse(name);

        info.ReleaseGroup.ShouldBe(group);
        info.Episodes.Count.ShouldBe(1);
        info.Season.ShouldBeNull();
    }

    [Fact]
    public void A_version_suffix_is_the_release_version_not_part_of_the_number()
    {
        var info = ReleaseParser.Parse("[Judas] One Piece - 1009v2.mkv");

        info.Episodes.ShouldBe([1009]);
        info.Version.ShouldBe(2);
    }

    [Fact]
    public void A_four_digit_absolute_number_stays_an_episode_in_a_fansub_name()
    {
        ReleaseParser
            .Parse("[Erai-raws] One Piece - 1080 [1080p][Multiple Subtitle].mkv")
            .Episodes.ShouldBe([1080]);
    }

    [Fact]
    public void A_season_episode_in_parentheses_wins_over_the_bare_number()
    {
        var info = ReleaseParser.Parse("[Group] Some Title - 07 (S01E07) [1080p].mkv");

        (info.Title, info.Season).ShouldBe(("Some Title", 1));
        info.Episodes.ShouldBe([7]);
    }

    [Fact]
    public void A_bracketed_number_after_the_episode_is_its_absolute_number()
    {
        var info = ReleaseParser.Parse(
            "[Hatsuyuki]_Kuroko_no_Basuke_S3_-_01_(51)_[720p][10bit][619C57A0].mkv"
        );

        info.Season.ShouldBe(3);
        info.Episodes.ShouldBe([1]);
        info.AbsoluteEpisodes.ShouldBe([51]);
    }

    [Fact]
    public void A_batch_range_lists_every_episode()
    {
        ReleaseParser
            .Parse("[Coalgirls]_White_Album_1-13_(1280x720_Blu-Ray_FLAC)")
            .Episodes.ShouldBe(Enumerable.Range(1, 13).ToArray());
    }

    [Fact]
    public void A_range_may_carry_versions_on_both_ends()
    {
        ReleaseParser
            .Parse("[Doki] Nogizaka Haruka no Himitsu - Purezza - 01v2-03v2 (1280x720 h264 AAC)")
            .Episodes.ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void Numbers_in_the_title_before_the_dashed_episode_stay_in_the_title()
    {
        var info = ReleaseParser.Parse("[HorribleSubs] Mob Psycho 100 S2 - 07 [1080p].mkv");

        (info.Title, info.Season).ShouldBe(("Mob Psycho 100", 2));
        info.Episodes.ShouldBe([7]);
    }

    [Fact]
    public void A_fractional_episode_numbers_nothing_but_ends_the_title()
    {
        var info = ReleaseParser.Parse(
            "[Zurako] Sora no Woto - 07.5 - Drinking Party (BD 1080p AAC) [F7DF16F7].mkv"
        );

        info.Title.ShouldBe("Sora no Woto");
        info.Episodes.ShouldBeEmpty();
        info.Kind.ShouldBe(MediaKind.Episode);
    }

    [Fact]
    public void An_ordinal_season_counts_as_the_season()
    {
        var info = ReleaseParser.Parse("[gg]_Kimi_ni_Todoke_2nd_Season_-_00_[BF735BC4].mkv");

        (info.Title, info.Season).ShouldBe(("Kimi ni Todoke", 2));
        info.Episodes.ShouldBe([0]);
    }

    [Fact]
    public void Plain_words_in_brackets_inside_a_title_stay_in_it()
    {
        ReleaseParser
            .Parse("[FFF] Futsuu no Joshikousei ga [Locodol] Yatte Mita. - 01 [BAD09C76].mkv")
            .Title.ShouldBe("Futsuu no Joshikousei ga [Locodol] Yatte Mita");
    }

    [Fact]
    public void A_name_made_only_of_brackets_takes_the_last_plain_bracket_before_the_episode_as_title()
    {
        var info = ReleaseParser.Parse(
            "[GM-Team][国漫][诛仙][Jade Dynasty][2022][11][HEVC][GB][4K]"
        );

        (info.Title, info.ReleaseGroup, info.Year, info.VideoCodec, info.Resolution).ShouldBe(
            ("Jade Dynasty", "GM-Team", 2022, "h265", "2160p")
        );
        info.Episodes.ShouldBe([11]);
    }

    [Fact]
    public void A_season_word_before_a_dashed_episode_is_not_a_season_range()
    {
        var info = ReleaseParser.Parse(
            "[Yameii] Spy x Family Season 2 - 05 [English Dub] [CR WEB-DL 1080p] [F1E2D3C4]"
        );

        (info.Title, info.Season).ShouldBe(("Spy x Family", 2));
        info.Episodes.ShouldBe([5]);
    }

    [Fact]
    public void A_season_word_without_its_number_stays_in_the_title()
    {
        var info = ReleaseParser.Parse(
            "[Erai-raws] Shingeki no Kyojin - The Final Season - 28 [1080p][A1B2C3D4].mkv"
        );

        (info.Title, info.Season).ShouldBe(("Shingeki no Kyojin - The Final Season", null));
        info.Episodes.ShouldBe([28]);
    }

    [Fact]
    public void A_fraction_in_the_episode_place_is_a_partial_episode()
    {
        var info = ReleaseParser.Parse(
            "[SubsPlease] Tensei shitara Slime Datta Ken - 48.5 (1080p) [A1B2C3D4].mkv"
        );

        info.Title.ShouldBe("Tensei shitara Slime Datta Ken");
        info.Episodes.ShouldBeEmpty();
        info.Kind.ShouldBe(MediaKind.Episode);
    }

    [Fact]
    public void A_source_glued_to_the_resolution_yields_both()
    {
        var info = ReleaseParser.Parse(
            "[Cleo] Aria the Origination - 01 (Dual Audio 10bit BD1080p x265) [A1B2C3D4].mkv"
        );

        (info.Resolution, info.Source, info.VideoCodec).ShouldBe(("1080p", "bluray", "h265"));
    }
}
