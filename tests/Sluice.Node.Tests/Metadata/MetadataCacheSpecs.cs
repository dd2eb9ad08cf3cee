using System.Text.Json;
using Sluice.Testing;
using static Sluice.Node.Tests.Metadata.Catalogue;

namespace Sluice.Node.Tests.Metadata;

public sealed class MetadataCacheSpecs : IAsyncLifetime
{
    private const string FrierenEpisode = "[SubsPlease] Sousou no Frieren - 05 (1080p).mkv";
    private MetadataHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await MetadataHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_cached_answer_is_not_asked_again()
    {
        _h.AniList.Add(Frieren);
        var first = await _h.LookupAsync(FrierenEpisode);

        var second = await _h.LookupAsync("[Other] Sousou no Frieren - 06 [720p].mkv");

        JsonSerializer.Serialize(second).ShouldBe(JsonSerializer.Serialize(first));
        second!.CanonicalTitle.ShouldBe("Frieren: Beyond Journey’s End");
        _h.AniList.Requests.ShouldBe(1);
        _h.Cache.Entries.Keys.ShouldContain(("anilist", "anime:sousou no frieren|"));
    }

    [Fact]
    public async Task A_cached_answer_is_asked_again_after_CacheFor()
    {
        _h.AniList.Add(Frieren);
        await _h.LookupAsync(FrierenEpisode);

        _h.Clock.Advance(_h.Options.CacheFor + TimeSpan.FromSeconds(1));
        var match = await _h.LookupAsync(FrierenEpisode);

        match.ShouldNotBeNull();
        _h.AniList.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task A_negative_answer_is_cached_for_a_shorter_time()
    {
        await _h.LookupAsync(FrierenEpisode);
        await _h.LookupAsync(FrierenEpisode);
        _h.AniList.Requests.ShouldBe(1);

        _h.AniList.Add(Frieren); // AniList learns the title
        _h.Clock.Advance(_h.Options.NegativeCacheFor + TimeSpan.FromSeconds(1));
        var match = await _h.LookupAsync(FrierenEpisode);

        match.ShouldNotBeNull();
        _h.AniList.Requests.ShouldBe(2);
        _h.Options.NegativeCacheFor.ShouldBeLessThan(_h.Options.CacheFor);
    }

    [Fact]
    public async Task A_confident_no_among_candidates_is_cached_too()
    {
        _h.AniList.Add(Frieren);

        await _h.LookupAsync("[SubsPlease] Frieren - 05 (1080p).mkv");
        await _h.LookupAsync("[SubsPlease] Frieren - 06 (1080p).mkv");

        _h.AniList.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task Episode_titles_are_cached_per_episode_and_the_show_once()
    {
        _h.Tmdb.Add(Expanse).AddEpisode(Expanse.Id, 2, 3, "Static");
        await _h.LookupAsync("The.Expanse.S02E03.1080p.BluRay.x264-ROVERS.mkv");

        var again = await _h.LookupAsync("The.Expanse.S02E03.720p.WEB.h264-OTHER.mkv");

        again!.EpisodeTitle.ShouldBe("Static");
        _h.Tmdb.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task The_episodes_of_a_season_pack_ask_for_the_show_once()
    {
        _h.Tmdb.Add(Expanse);
        for (var e = 1; e <= 6; e++)
        {
            _h.Tmdb.AddEpisode(Expanse.Id, 2, e, $"Title {e}");
        }

        var lookups = Task.WhenAll(
            Enumerable
                .Range(1, 6)
                .Select(e => _h.LookupAsync($"The.Expanse.S02E0{e}.1080p.BluRay.x264-ROVERS.mkv"))
        );

        // TMDB's 20 a second lets two through at once and the rest one every 1/18 s.
        await _h.Clock.AdvanceUntilCompletedAsync(
            lookups,
            TimeSpan.FromMilliseconds(50),
            TimeSpan.FromSeconds(30),
            TestContext.Current.CancellationToken
        );
        var matches = await lookups;

        matches
            .Select(m => m!.EpisodeTitle)
            .ShouldBe(Enumerable.Range(1, 6).Select(e => $"Title {e}"));
        _h.Tmdb.Asked.Count(a => a.StartsWith("/3/search/tv", StringComparison.Ordinal))
            .ShouldBe(1);
        _h.Tmdb.Requests.ShouldBe(7);
    }

    [Fact]
    public async Task A_broken_cache_only_costs_a_request()
    {
        _h.AniList.Add(Frieren);
        _h.Cache.Failure = new InvalidOperationException("the database is gone");

        var match = await _h.LookupAsync(FrierenEpisode);

        match.ShouldNotBeNull();
        _h.Logs.Warnings.ShouldContain(w => w.Message.Contains("cache could not be read"));
    }

    [Fact]
    public async Task A_failure_is_not_cached()
    {
        _h.AniList.Add(Frieren);
        _h.AniList.Fault = Sluice.Testing.Http.StandInFault.ServerError;
        (await _h.LookupAsync(FrierenEpisode)).ShouldBeNull();

        _h.AniList.Fault = Sluice.Testing.Http.StandInFault.None;
        _h.Clock.Advance(_h.Options.DownFor);
        var match = await _h.LookupAsync(FrierenEpisode);

        match.ShouldNotBeNull();
    }
}
