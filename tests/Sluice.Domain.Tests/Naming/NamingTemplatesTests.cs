using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

public sealed class NamingTemplatesTests
{
    private static LibraryPath Render(string name) =>
        NamingTemplates.Default.Render(ReleaseParser.Parse(name), name);

    [Fact]
    public void An_episode_goes_under_its_show_and_season()
    {
        Render("The.Bear.S03E01.Tomorrow.1080p.DSNP.WEB-DL.DDP5.1.H.264-NTb.mkv")
            .Value.ShouldBe("Shows/The Bear/Season 03/The Bear - S03E01.mkv");
    }

    [Fact]
    public void A_multi_episode_file_is_named_as_a_range()
    {
        Render("Show.Name.S01E01E02.720p.HDTV.x264-GRP.mkv")
            .Value.ShouldBe("Shows/Show Name/Season 01/Show Name - S01E01-E02.mkv");
    }

    [Fact]
    public void An_absolute_numbered_anime_episode_goes_under_season_one_with_three_digits()
    {
        Render("[SubsPlease] Sousou no Frieren - 26 (1080p) [9A8B7C6D].mkv")
            .Value.ShouldBe("Shows/Sousou no Frieren/Season 01/Sousou no Frieren - S01E026.mkv");
    }

    [Fact]
    public void A_known_season_wins_over_the_absolute_number()
    {
        Render("[Hatsuyuki]_Kuroko_no_Basuke_S3_-_01_(51)_[720p][10bit][619C57A0].mkv")
            .Value.ShouldBe("Shows/Kuroko no Basuke/Season 03/Kuroko no Basuke - S03E01.mkv");
    }

    [Fact]
    public void A_movie_goes_under_its_title_and_year()
    {
        Render("Oppenheimer.2023.IMAX.2160p.WEB-DL.DDP5.1.Atmos.HDR.H.265-FLUX.MKV")
            .Value.ShouldBe("Movies/Oppenheimer (2023)/Oppenheimer (2023).mkv");
    }

    [Fact]
    public void A_movie_without_a_year_loses_the_year_brackets()
    {
        Render("Some.Movie.1080p.BluRay.x264-GRP.mkv")
            .Value.ShouldBe("Movies/Some Movie/Some Movie.mkv");
    }

    [Fact]
    public void A_daily_show_is_filed_by_year_and_air_date()
    {
        Render("The.Daily.Show.2024.01.15.Guest.Name.720p.WEB.h264-GRP.mkv")
            .Value.ShouldBe("Shows/The Daily Show/Season 2024/The Daily Show - 2024-01-15.mkv");
    }

    [Fact]
    public void A_name_the_parser_is_not_sure_of_goes_to_unsorted_under_its_own_name()
    {
        Render("holiday video final.MP4").Value.ShouldBe("Unsorted/holiday video final.MP4");
        Render("Show.Name.S03.1080p.BluRay.x264-GRP.mkv").Category.ShouldBe("Unsorted");
    }

    [Fact]
    public void The_extension_comes_from_the_original_name_in_lower_case()
    {
        var info = new ReleaseInfo
        {
            Title = "Film",
            Year = 2001,
            Kind = MediaKind.Movie,
            IsConfident = true,
        };

        NamingTemplates
            .Default.Render(info, "some/dir/Film.2001.AVI")
            .Value.ShouldBe("Movies/Film (2001)/Film (2001).avi");
    }

    [Fact]
    public void Custom_templates_are_used()
    {
        var templates = NamingTemplates.Create(
            "Shows/{Title}/S{Season}/{Title} {Season}x{Episode:00} {EpisodeTitle}",
            "Shows/{Title}/{Title} - {Episode:0000}",
            "Movies/{Title} [{Year}] {Resolution}"
        );
        var info = ReleaseParser.Parse("Da Vinci's Demons - 1x04 - The Magician.mkv");

        templates
            .Render(info, "x.mkv")
            .Value.ShouldBe("Shows/Da Vinci's Demons/S1/Da Vinci's Demons 1x04 The Magician.mkv");
    }

    [Theory]
    [InlineData("Shows/{Title}/{Title} - S{Sesaon:00}E{Episode:00}", "{Sesaon:00}")]
    [InlineData("Shows/{Title}/{Title} - S{Season:xx}E{Episode:00}", "{Season:xx}")]
    [InlineData("Shows/{Title}/{Title} - S{Season:00}E{Episode", "{Episode")]
    [InlineData("Shows/{Title}/{Title} - S{Season:00}", "{Episode}")]
    [InlineData("Shows/{Title}/{Title:upper} - S{Season}E{Episode}", "{Title:upper}")]
    [InlineData("Shows/{Title,Year}/S{Season}E{Episode}", "{Title,Year}")]
    public void A_bad_placeholder_is_named_in_the_error(string show, string placeholder)
    {
        var error = Should.Throw<NamingTemplateException>(() =>
            NamingTemplates.Create(
                show,
                NamingTemplates.DefaultAbsoluteShow,
                NamingTemplates.DefaultMovie
            )
        );

        error.Placeholder.ShouldBe(placeholder);
        error.Message.ShouldContain(placeholder);
    }

    [Theory]
    [InlineData("/Shows/{Title}/S{Season}E{Episode}")]
    [InlineData("Shows/../{Title}/S{Season}E{Episode}")]
    [InlineData("Shows//{Title} S{Season}E{Episode}")]
    [InlineData("Series/{Title}/S{Season}E{Episode}")]
    [InlineData("Shows/{Title}/S{Season}E{Episode}: part")]
    [InlineData(@"Shows/{Title}\S{Season}E{Episode}")]
    [InlineData("Shows/{Title}/S{Season}E{Episode}}")]
    [InlineData("")]
    public void A_template_that_could_leave_the_library_or_misfile_is_rejected(string show)
    {
        Should.Throw<NamingTemplateException>(() =>
            NamingTemplates.Create(
                show,
                NamingTemplates.DefaultAbsoluteShow,
                NamingTemplates.DefaultMovie
            )
        );
    }
}
