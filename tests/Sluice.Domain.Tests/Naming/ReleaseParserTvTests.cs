using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

/// <summary>Scene and P2P TV names.</summary>
public sealed class ReleaseParserTvTests
{
    [Fact]
    public void A_scene_episode_yields_every_technical_field()
    {
        var info = ReleaseParser.Parse(
            "The.Bear.S03E01.Tomorrow.1080p.DSNP.WEB-DL.DDP5.1.H.264-NTb.mkv"
        );

        (info.Title, info.Season, info.ReleaseGroup).ShouldBe(("The Bear", 3, "NTb"));
        info.Episodes.ShouldBe([1]);
        (info.Resolution, info.Source, info.VideoCodec).ShouldBe(("1080p", "web", "h264"));
        info.EpisodeTitle.ShouldBe("Tomorrow");
        info.Kind.ShouldBe(MediaKind.Episode);
    }

    [Theory]
    [InlineData("Show.Name.S01E01E02.720p.HDTV.x264-GRP", new[] { 1, 2 })]
    [InlineData("Show.Name.S01E01-E03.720p.HDTV.x264-GRP", new[] { 1, 2, 3 })]
    [InlineData("Show.Name.S01E01-03.720p.HDTV.x264-GRP", new[] { 1, 2, 3 })]
    [InlineData("Show Name - S01E02 - S01E03 - Ep Name", new[] { 2, 3 })]
    [InlineData("Show_Name.1x02x03x04.HDTV_XViD_Etc-Group", new[] { 2, 3, 4 })]
    public void A_multi_episode_marker_lists_every_episode(string name, int[] episodes)
    {
        var info = ReleaseParser.Parse(name);

        (info.Title, info.Season).ShouldBe(("Show Name", 1));
        info.Episodes.ShouldBe(episodes);
    }

    [Fact]
    public void The_cross_form_reads_season_and_episode()
    {
        var info = ReleaseParser.Parse("Da Vinci's Demons - 1x04 - The Magician.mkv");

        (info.Title, info.Season).ShouldBe(("Da Vinci's Demons", 1));
        info.Episodes.ShouldBe([4]);
    }

    [Fact]
    public void A_daily_show_is_an_episode_with_an_air_date()
    {
        var info = ReleaseParser.Parse(
            "The.Daily.Show.2024.01.15.Guest.Name.720p.WEB.h264-GRP.mkv"
        );

        info.Title.ShouldBe("The Daily Show");
        info.AirDate.ShouldBe(new DateOnly(2024, 1, 15));
        info.Year.ShouldBeNull();
        info.Kind.ShouldBe(MediaKind.Episode);
        info.IsConfident.ShouldBeTrue();
    }

    [Fact]
    public void A_season_pack_has_a_season_but_no_episode_and_is_not_confident()
    {
        var info = ReleaseParser.Parse("Show.Name.S03.1080p.BluRay.x264-GRP");

        info.Season.ShouldBe(3);
        info.Episodes.ShouldBeEmpty();
        info.Kind.ShouldBe(MediaKind.Episode);
        info.IsConfident.ShouldBeFalse();
    }

    [Fact]
    public void A_special_is_season_zero()
    {
        var info = ReleaseParser.Parse("Show.Name.S00E05.720p.HDTV.x264-GRP");

        info.Season.ShouldBe(0);
        info.Episodes.ShouldBe([5]);
    }

    [Fact]
    public void A_three_digit_scene_number_is_season_and_episode()
    {
        var info = ReleaseParser.Parse("new.girl.117.hdtv-lol.mp4");

        (info.Title, info.Season, info.ReleaseGroup, info.Source).ShouldBe(
            ("new girl", 1, "lol", "tv")
        );
        info.Episodes.ShouldBe([17]);
    }

    [Fact]
    public void A_number_in_the_title_before_the_marker_stays_in_the_title()
    {
        var info = ReleaseParser.Parse("The.100.S01E13.720p.HDTV.x264-2HD");

        info.Title.ShouldBe("The 100");
        info.Episodes.ShouldBe([13]);
        info.AbsoluteEpisodes.ShouldBeEmpty();
    }

    [Fact]
    public void Words_that_are_tags_only_in_context_stay_in_the_title_before_it()
    {
        ReleaseParser
            .Parse("Real.Time.With.Bill.Maher.2014.10.31.HDTV.XviD-AFG.avi")
            .Title.ShouldBe("Real Time With Bill Maher");
        ReleaseParser.Parse("Test.S02E01.hdtv.real.proper").Title.ShouldBe("Test");
    }

    [Fact]
    public void A_repost_suffix_is_not_the_group()
    {
        ReleaseParser
            .Parse("Educating Greater Manchester S01E07 720p HDTV x264-PLUTONiUM-AsRequested")
            .ReleaseGroup.ShouldBe("PLUTONiUM");
    }

    [Fact]
    public void A_country_after_the_title_is_not_part_of_it()
    {
        ReleaseParser
            .Parse("The.Office.(US).1x03.Health.Care.HDTV.XviD-LOL.avi")
            .Title.ShouldBe("The Office");
        ReleaseParser
            .Parse("Hells.Kitchen.US.S17E08.1080p.HEVC.x265-MeGusta")
            .Title.ShouldBe("Hells Kitchen");
    }

    [Fact]
    public void A_zero_padded_number_after_a_dash_is_the_episode_even_without_tags()
    {
        var info = ReleaseParser.Parse("Naruto - 001 - Enter Naruto Uzumaki!.mkv");

        (info.Title, info.Season).ShouldBe(("Naruto", null));
        info.Episodes.ShouldBe([1]);
    }

    [Fact]
    public void A_long_number_with_words_and_nothing_technical_stays_in_the_title()
    {
        var info = ReleaseParser.Parse("The iDOLM@STER 765 Pro to Iu Monogatari.mkv");

        info.Title.ShouldBe("The iDOLM@STER 765 Pro to Iu Monogatari");
        info.Episodes.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Bleach - 366 - Thousand Year Blood War.mkv", "Bleach", 366)]
    [InlineData("Eyeshield 21 - 145.mkv", "Eyeshield 21", 145)]
    public void A_three_digit_number_after_a_dash_is_an_absolute_episode_not_season_and_episode(
        string name,
        string title,
        int episode
    )
    {
        var info = ReleaseParser.Parse(name);

        (info.Title, info.Season).ShouldBe((title, null));
        info.Episodes.ShouldBe([episode]);
    }

    [Fact]
    public void A_tracker_tag_set_apart_after_the_group_is_not_the_group()
    {
        ReleaseParser
            .Parse("Show Name S01E01 720p HDTV x264-GRP [eztv].mkv")
            .ReleaseGroup.ShouldBe("GRP");
        ReleaseParser
            .Parse("show.name.s01e01.720p.hdtv.x264-killers[ettv].mkv")
            .ReleaseGroup.ShouldBe("killers[ettv]");
    }
}
