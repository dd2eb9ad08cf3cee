using Sluice.Node.Metadata;
using static Sluice.Node.Tests.Metadata.Catalogue;

namespace Sluice.Node.Tests.Metadata;

public sealed class TmdbLookupSpecs : IAsyncLifetime
{
    private MetadataHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await MetadataHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Finds_a_film_with_its_year()
    {
        _h.Tmdb.Add(Dune1984, DunePartTwo);

        var match = await _h.LookupAsync(
            "Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.Atmos.DV.HDR.H.265-FLUX.mkv"
        );

        match.ShouldNotBeNull();
        match.Provider.ShouldBe(MetadataProvider.Tmdb);
        match.ProviderId.ShouldBe(693134);
        match.CanonicalTitle.ShouldBe("Dune: Part Two");
        match.Year.ShouldBe(2024);
        match.Url.ShouldBe("https://www.themoviedb.org/movie/693134");
        match.Anime.ShouldBeNull();
        var asked = _h.Tmdb.Asked.ShouldHaveSingleItem();
        asked.ShouldStartWith("/3/search/movie?query=Dune%20Part%20Two");
        asked.ShouldContain("&year=2024");
    }

    [Fact]
    public async Task A_film_from_another_year_is_no_match()
    {
        _h.Tmdb.Add(Dune1984);

        var match = await _h.LookupAsync("Dune.2021.1080p.WEB-DL.DDP5.1.H.264-EVO.mkv");

        match.ShouldBeNull();
    }

    [Fact]
    public async Task Finds_a_tv_show_with_the_episode_title()
    {
        _h.Tmdb.Add(Expanse).AddEpisode(Expanse.Id, 2, 3, "Static");

        var match = await _h.LookupAsync("The.Expanse.S02E03.1080p.BluRay.x264-ROVERS.mkv");

        match.ShouldNotBeNull();
        match.CanonicalTitle.ShouldBe("The Expanse");
        match.Year.ShouldBe(2015);
        match.EpisodeTitle.ShouldBe("Static");
        match.Url.ShouldBe("https://www.themoviedb.org/tv/63639");
        _h.Tmdb.Asked.ShouldBe([
            "/3/search/tv?query=The%20Expanse&include_adult=false&language=en-US&page=1",
            "/3/tv/63639/season/2/episode/3?language=en-US",
        ]);
    }

    [Fact]
    public async Task The_year_in_the_name_picks_the_revival()
    {
        _h.Tmdb.Add(DoctorWho1963, DoctorWho2005).AddEpisode(DoctorWho2005.Id, 1, 1, "Rose");

        var match = await _h.LookupAsync("Doctor.Who.2005.S01E01.720p.BluRay.x264-BiA.mkv");

        match.ShouldNotBeNull();
        match.ProviderId.ShouldBe(DoctorWho2005.Id);
        match.EpisodeTitle.ShouldBe("Rose");
        _h.Tmdb.Asked[0].ShouldContain("&first_air_date_year=2005");
    }

    [Fact]
    public async Task An_episode_without_a_name_yet_leaves_the_title_to_the_release()
    {
        _h.Tmdb.Add(Expanse).AddEpisode(Expanse.Id, 2, 4, "Episode 4");

        var match = await _h.LookupAsync("The.Expanse.S02E04.1080p.WEB.h264-GRP.mkv");

        match.ShouldNotBeNull();
        match.CanonicalTitle.ShouldBe("The Expanse");
        match.EpisodeTitle.ShouldBeNull();
    }

    [Fact]
    public async Task An_episode_tmdb_does_not_know_still_gives_the_show()
    {
        _h.Tmdb.Add(Expanse);

        var match = await _h.LookupAsync("The.Expanse.S09E01.1080p.WEB.h264-GRP.mkv");

        match.ShouldNotBeNull();
        match.EpisodeTitle.ShouldBeNull();
        _h.TmdbClient.IsDown.ShouldBeFalse(); // a 404 is an answer, not a failure
    }

    [Fact]
    public async Task A_show_title_mismatch_is_no_match()
    {
        _h.Tmdb.Add(Expanse);

        var match = await _h.LookupAsync("Expanse.S01E01.720p.HDTV.x264-KILLERS.mkv");

        match.ShouldBeNull();
        _h.Tmdb.Requests.ShouldBe(1); // asked, got "The Expanse", refused it
    }

    [Fact]
    public async Task Without_an_access_token_tmdb_is_not_asked()
    {
        await using var h = await MetadataHarness.StartAsync(o => o.Tmdb.AccessToken = null);
        h.Tmdb.Add(Expanse);

        var match = await h.LookupAsync("The.Expanse.S02E03.1080p.BluRay.x264-ROVERS.mkv");

        match.ShouldBeNull();
        h.Tmdb.Requests.ShouldBe(0);
        h.TmdbClient.IsEnabled.ShouldBeFalse();
    }

    [Fact]
    public async Task Switched_off_anilist_is_not_asked()
    {
        await using var h = await MetadataHarness.StartAsync(o => o.AniList.Enabled = false);
        h.AniList.Add(Frieren);

        var match = await h.LookupAsync("[SubsPlease] Sousou no Frieren - 05 (1080p).mkv");

        match.ShouldBeNull();
        h.AniList.Requests.ShouldBe(0);
    }
}
