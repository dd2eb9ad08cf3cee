using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

/// <summary>Relative paths: the file speaks first, folders fill the gaps.</summary>
public sealed class ReleaseParserPathTests
{
    [Fact]
    public void A_season_folder_supplies_the_season()
    {
        var info = ReleaseParser.Parse("Breaking Bad/Season 2/Breaking.Bad.E05.720p.mkv");

        (info.Title, info.Season).ShouldBe(("Breaking Bad", 2));
        info.Episodes.ShouldBe([5]);
    }

    [Fact]
    public void A_file_named_after_its_episode_takes_the_show_title_from_the_folder()
    {
        var info = ReleaseParser.Parse(
            "Doctor Who (2005)/Season 06/E13 - The Wedding of River Song.mkv"
        );

        (info.Title, info.Season, info.Year).ShouldBe(("Doctor Who", 6, 2005));
        info.Episodes.ShouldBe([13]);
    }

    [Fact]
    public void An_obfuscated_file_takes_everything_from_its_release_folder()
    {
        var info = ReleaseParser.Parse(
            "Hells.Kitchen.US.S17E08.1080p.HEVC.x265-MeGusta-Obfuscated/c48db7d2aeb040e8a920a9fd6effcbf4.mkv"
        );

        (info.Title, info.Season, info.ReleaseGroup, info.Extension).ShouldBe(
            ("Hells Kitchen", 17, "MeGusta", "mkv")
        );
        info.Episodes.ShouldBe([8]);
    }

    [Fact]
    public void A_scene_abbreviated_file_takes_title_and_group_from_its_release_folder()
    {
        var info = ReleaseParser.Parse(
            "movies/Charlie.And.Boots.DVDRip.XviD-TheWretched/wthd-cab.avi"
        );

        (info.Title, info.ReleaseGroup, info.Source).ShouldBe(
            ("Charlie And Boots", "TheWretched", "dvd")
        );
    }

    [Fact]
    public void A_reversed_name_is_read_backwards()
    {
        var info = ReleaseParser.Parse(
            "The.Messengers.2015.S01E07.1080p.WEB-DL.DD5.1.H264.Nlsubs-Q/QoQ-sbuSLN.462.H.1.5DD.LD-BEW.p0801.70E10S.5102.sregnesseM.ehT.mkv"
        );

        (info.Title, info.Season, info.Year).ShouldBe(("The Messengers", 1, 2015));
        info.Episodes.ShouldBe([7]);
    }

    [Fact]
    public void A_three_digit_number_matching_the_season_folder_is_season_and_episode()
    {
        var info = ReleaseParser.Parse("series/The Office/Season 4/The Office [401] Fun Run.avi");

        (info.Title, info.Season).ShouldBe(("The Office", 4));
        info.Episodes.ShouldBe([1]);
    }

    [Fact]
    public void A_slash_inside_brackets_is_part_of_the_name_not_a_folder()
    {
        var info = ReleaseParser.Parse("[Group][夏日重現/Summer Time Rendering][01][1080p].mkv");

        info.Title.ShouldBe("夏日重現/Summer Time Rendering");
        info.Episodes.ShouldBe([1]);
    }
}
