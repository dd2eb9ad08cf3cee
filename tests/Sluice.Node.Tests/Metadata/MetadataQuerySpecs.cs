using Sluice.Domain.Naming;
using Sluice.Node.Metadata;

namespace Sluice.Node.Tests.Metadata;

/// <summary>Which provider a release name goes to, with the real parser in front.</summary>
public sealed class MetadataQuerySpecs
{
    [Theory]
    [InlineData("[SubsPlease] Sousou no Frieren - 05 (1080p) [A1B2C3D4].mkv", "Sousou no Frieren")]
    [InlineData("[SubsPlease] Sousou no Frieren - 05 (1080p).mkv", "Sousou no Frieren")]
    [InlineData("One Piece - 1071 [1080p].mkv", "One Piece")]
    [InlineData("Bleach - s16e03-04 - 313-314 [Group].mkv", "Bleach")]
    [InlineData(
        "[Coalgirls] Kimi no Na wa (1920x1080 Blu-ray FLAC) [ABCD1234].mkv",
        "Kimi no Na wa"
    )]
    public void Fansub_numbering_goes_to_AniList(string name, string title)
    {
        var query = MetadataQuery.For(ReleaseParser.Parse(name));

        query.ShouldNotBeNull();
        query.Kind.ShouldBe(MetadataQueryKind.Anime);
        query.Title.ShouldBe(title);
    }

    [Fact]
    public void A_scene_episode_goes_to_TMDB_with_its_season_and_episode()
    {
        var query = MetadataQuery.For(
            ReleaseParser.Parse("The.Expanse.S02E03.1080p.BluRay.x264-ROVERS.mkv")
        );

        query.ShouldBe(new MetadataQuery(MetadataQueryKind.Show, "The Expanse", null, 2, 3));
    }

    [Fact]
    public void A_scene_film_goes_to_TMDB_with_its_year()
    {
        var query = MetadataQuery.For(
            ReleaseParser.Parse(
                "Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.Atmos.DV.HDR.H.265-FLUX.mkv"
            )
        );

        query.ShouldBe(
            new MetadataQuery(MetadataQueryKind.Movie, "Dune Part Two", 2024, null, null)
        );
    }

    [Fact]
    public void A_daily_show_is_a_show_and_its_air_date_is_not_its_year()
    {
        var query = MetadataQuery.For(
            ReleaseParser.Parse("The.Daily.Show.2024.01.15.Guest.Name.720p.WEB.h264-EDITH.mkv")
        );

        query.ShouldBe(
            new MetadataQuery(MetadataQueryKind.Show, "The Daily Show", null, null, null)
        );
    }

    [Fact]
    public void A_file_of_two_episodes_asks_for_no_episode_title()
    {
        var query = MetadataQuery.For(
            ReleaseParser.Parse("Friends.S01E01E02.720p.BluRay.x264-GRP.mkv")
        );

        query.ShouldNotBeNull();
        query.Kind.ShouldBe(MetadataQueryKind.Show);
        query.Episode.ShouldBeNull();
    }

    [Fact]
    public void Nothing_is_asked_without_a_title()
    {
        MetadataQuery.For(new ReleaseInfo { Kind = MediaKind.Movie }).ShouldBeNull();
        MetadataQuery.For(new ReleaseInfo { Title = " - ", Kind = MediaKind.Movie }).ShouldBeNull();
        MetadataQuery.For(new ReleaseInfo { Title = "Something" }).ShouldBeNull();
        MetadataQuery
            .For(new ReleaseInfo { Title = new string('a', 201), Kind = MediaKind.Movie })
            .ShouldBeNull();
    }
}
