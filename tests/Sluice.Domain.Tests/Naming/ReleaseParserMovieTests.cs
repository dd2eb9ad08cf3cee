using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

public sealed class ReleaseParserMovieTests
{
    [Fact]
    public void A_scene_movie_has_title_year_and_tags()
    {
        var info = ReleaseParser.Parse(
            "Oppenheimer.2023.IMAX.2160p.WEB-DL.DDP5.1.Atmos.HDR.H.265-FLUX.mkv"
        );

        (info.Title, info.Year, info.ReleaseGroup).ShouldBe(("Oppenheimer", 2023, "FLUX"));
        (info.Resolution, info.Source, info.VideoCodec).ShouldBe(("2160p", "web", "h265"));
        info.Kind.ShouldBe(MediaKind.Movie);
        info.IsConfident.ShouldBeTrue();
    }

    [Fact]
    public void A_year_in_parentheses_ends_the_title()
    {
        var info = ReleaseParser.Parse("Dune Part Two (2024) [2160p] [WEB] [5.1] [YTS.MX].mp4");

        (info.Title, info.Year, info.Kind).ShouldBe(("Dune Part Two", 2024, MediaKind.Movie));
    }

    [Theory]
    [InlineData(
        "2001.A.Space.Odyssey.1968.HDDVD.1080p.DTS.x264.dxva EuReKA.mkv",
        "2001 A Space Odyssey",
        1968
    )]
    [InlineData("Blade.Runner.2049.2017.2160p.UHD.BluRay.x265-TERMiNAL", "Blade Runner 2049", 2017)]
    [InlineData("2012.2009.720p.BluRay.x264.DTS WiKi.mkv", "2012", 2009)]
    [InlineData("1.Angry.Man.1957.mkv", "1 Angry Man", 1957)]
    public void A_year_like_number_in_the_title_stays_in_the_title(
        string name,
        string title,
        int year
    )
    {
        var info = ReleaseParser.Parse(name);

        (info.Title, info.Year).ShouldBe((title, year));
    }

    [Fact]
    public void A_single_digit_after_a_scene_title_is_a_sequel_number_not_an_episode()
    {
        var info = ReleaseParser.Parse(
            "Die.Schluempfe.2.German.DL.1080p.BluRay.x264-EXQUiSiTE.mkv"
        );

        info.Title.ShouldBe("Die Schluempfe 2");
        info.Episodes.ShouldBeEmpty();
        info.Kind.ShouldBe(MediaKind.Movie);
    }

    [Fact]
    public void Edition_words_are_not_part_of_the_title()
    {
        ReleaseParser
            .Parse(
                "Batman V Superman Dawn of Justice 2016 Extended Cut Ultimate Edition HDRip x264 AC3-DaDDy"
            )
            .Title.ShouldBe("Batman V Superman Dawn of Justice");
        ReleaseParser.Parse("Stargate SG1 Ultimate Fan Collection").Title.ShouldBe("Stargate SG1");
    }

    [Fact]
    public void A_language_word_is_a_tag_among_tags_but_a_title_word_before_them()
    {
        ReleaseParser
            .Parse("Das.Appartement.German.AC3D.DL.720p.BluRay.x264-TVP")
            .Title.ShouldBe("Das Appartement");
        ReleaseParser
            .Parse("French.Immersion.2011.STV.READNFO.QC.ENGLISH.NTSC.DVDR.nfo")
            .Title.ShouldBe("French Immersion");
    }

    [Fact]
    public void A_bare_title_without_year_or_tags_is_not_confident()
    {
        var info = ReleaseParser.Parse("The_Italian_Job.mkv");

        (info.Title, info.Kind, info.IsConfident).ShouldBe(
            ("The Italian Job", MediaKind.Movie, false)
        );
    }

    [Fact]
    public void A_reordered_article_is_put_back_in_front()
    {
        ReleaseParser
            .Parse(
                "Series/Simpsons/Saison 12 Français/Simpsons,.The.12x08.A.Bas.Le.Sergent.Skinner.FR.avi"
            )
            .Title.ShouldBe("The Simpsons");
    }

    [Theory]
    [InlineData("Kill.Bill.Vol.1.2003.1080p.BluRay.x264-FGT", "Kill Bill Vol 1")]
    [InlineData(
        "Harry.Potter.and.the.Deathly.Hallows.Part.2.2011.1080p.BluRay.x264-SPARKS",
        "Harry Potter and the Deathly Hallows Part 2"
    )]
    [InlineData(
        "Mission.Impossible.Dead.Reckoning.Part.One.2023.1080p.WEB-DL.DDP5.1.Atmos.H.264-FLUX",
        "Mission Impossible Dead Reckoning Part One"
    )]
    public void A_volume_or_part_before_the_year_belongs_to_the_film_title(
        string name,
        string title
    )
    {
        ReleaseParser.Parse(name).Title.ShouldBe(title);
    }

    [Fact]
    public void A_part_at_the_end_of_a_scene_title_is_cut_off()
    {
        ReleaseParser.Parse("The Godfather Part 3.mkv").Title.ShouldBe("The Godfather");
    }
}
