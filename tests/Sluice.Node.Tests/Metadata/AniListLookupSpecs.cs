using Sluice.Node.Metadata;
using static Sluice.Node.Tests.Metadata.Catalogue;

namespace Sluice.Node.Tests.Metadata;

public sealed class AniListLookupSpecs : IAsyncLifetime
{
    private MetadataHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await MetadataHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Finds_the_canonical_title_and_year_for_an_anime()
    {
        _h.AniList.Add(Frieren, OnePiece);

        var match = await _h.LookupAsync(
            "[SubsPlease] Sousou no Frieren - 05 (1080p) [A1B2C3D4].mkv"
        );

        match.ShouldNotBeNull();
        match.Provider.ShouldBe(MetadataProvider.AniList);
        match.ProviderId.ShouldBe(154587);
        match.CanonicalTitle.ShouldBe("Frieren: Beyond Journey’s End");
        match.Year.ShouldBe(2023);
        match.EpisodeTitle.ShouldBeNull();
        match.Url.ShouldBe("https://anilist.co/anime/154587");
        _h.AniList.Asked.ShouldBe(["Sousou no Frieren"]);
    }

    [Fact]
    public async Task Carries_what_a_notification_shows()
    {
        _h.AniList.Add(Frieren);

        var anime = (
            await _h.LookupAsync("[SubsPlease] Sousou no Frieren - 05 (1080p).mkv")
        )?.Anime;

        anime.ShouldNotBeNull();
        anime.Title.ShouldBe("Sousou no Frieren");
        anime.EnglishTitle.ShouldBe("Frieren: Beyond Journey’s End");
        anime.NativeTitle.ShouldBe("葬送のフリーレン");
        anime.Episodes.ShouldBe(28);
        anime.Format.ShouldBe("TV");
        anime.Studio.ShouldBe("MADHOUSE");
        anime.Score.ShouldBe(90);
        anime.Popularity.ShouldBe(400_000);
        anime.CoverUrl.ShouldBe(Frieren.CoverUrl);
        anime.SiteUrl.ShouldBe(Frieren.SiteUrl);
    }

    [Fact]
    public async Task Prefers_the_english_title_over_the_romaji()
    {
        _h.AniList.Add(YourName);

        var match = await _h.LookupAsync(
            "[Coalgirls] Kimi no Na wa (1920x1080 Blu-ray FLAC) [ABCD1234].mkv"
        );

        match.ShouldNotBeNull();
        match.CanonicalTitle.ShouldBe("Your Name.");
        match.Anime!.Format.ShouldBe("MOVIE");
    }

    [Fact]
    public async Task Takes_the_romaji_title_when_there_is_no_english_one()
    {
        _h.AniList.Add(OnePiece);

        var match = await _h.LookupAsync("One Piece - 1071 [1080p].mkv");

        match.ShouldNotBeNull();
        match.CanonicalTitle.ShouldBe("ONE PIECE");
        match.Year.ShouldBe(1999);
    }

    [Fact]
    public async Task A_title_that_only_resembles_the_release_is_no_match()
    {
        _h.AniList.Add(Frieren);

        var match = await _h.LookupAsync("[SubsPlease] Frieren - 05 (1080p).mkv");

        match.ShouldBeNull();
        _h.AniList.Requests.ShouldBe(1); // asked, got "Sousou no Frieren", refused it
    }

    [Fact]
    public async Task A_synonym_is_one_of_the_titles()
    {
        _h.AniList.Add(Frieren);

        var match = await _h.LookupAsync("[Group] Frieren at the Funeral - 05.mkv");

        match.ShouldNotBeNull();
        match.ProviderId.ShouldBe(Frieren.Id);
    }

    [Fact]
    public async Task The_year_in_the_name_picks_the_remake()
    {
        _h.AniList.Add(HunterX1999, HunterX2011);

        var match = await _h.LookupAsync("[HorribleSubs] Hunter x Hunter (2011) - 148 [720p].mkv");

        match.ShouldNotBeNull();
        match.ProviderId.ShouldBe(HunterX2011.Id);
        match.CanonicalTitle.ShouldBe("Hunter x Hunter (2011)");
        match.Year.ShouldBe(2011);
    }
}
