using Sluice.Testing.Http;
using static Sluice.Node.Tests.Metadata.Catalogue;

namespace Sluice.Node.Tests.Metadata;

public sealed class ProviderDownSpecs : IAsyncLifetime
{
    private const string FrierenEpisode = "[SubsPlease] Sousou no Frieren - 05 (1080p).mkv";
    private const string OnePieceEpisode = "One Piece - 1071 [1080p].mkv";
    private MetadataHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await MetadataHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_provider_answering_500_gives_no_match_at_once_and_is_skipped_for_DownFor()
    {
        _h.AniList.Add(Frieren, OnePiece);
        _h.AniList.Fault = StandInFault.ServerError;

        (await _h.LookupPromptlyAsync(FrierenEpisode)).ShouldBeNull();
        (await _h.LookupPromptlyAsync(OnePieceEpisode)).ShouldBeNull();
        _h.AniList.Requests.ShouldBe(1);
        _h.Logs.Warnings.ShouldContain(w => w.Message.Contains("HTTP 500"));

        _h.AniList.Fault = StandInFault.None;
        _h.Clock.Advance(_h.Options.DownFor - TimeSpan.FromSeconds(1));
        (await _h.LookupPromptlyAsync(OnePieceEpisode)).ShouldBeNull();
        _h.AniList.Requests.ShouldBe(1);

        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        (await _h.LookupPromptlyAsync(OnePieceEpisode)).ShouldNotBeNull();
        _h.AniList.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task A_refused_connection_gives_no_match_at_once_and_is_skipped_for_DownFor()
    {
        await using var h = await MetadataHarness.StartAsync(o =>
            o.Tmdb.Endpoint = MetadataHarness.RefusingEndpoint()
        );

        (
            await h.LookupPromptlyAsync("The.Expanse.S02E03.1080p.BluRay.x264-ROVERS.mkv")
        ).ShouldBeNull();

        h.TmdbClient.IsDown.ShouldBeTrue();
        h.Logs.Warnings.ShouldContain(w => w.Message.Contains("TMDB"));
        h.Clock.Advance(h.Options.DownFor);
        h.TmdbClient.IsDown.ShouldBeFalse();
    }

    [Fact]
    public async Task A_hanging_provider_is_given_up_after_the_timeout_and_skipped_for_DownFor()
    {
        _h.AniList.Add(Frieren, OnePiece);
        _h.AniList.Fault = StandInFault.Hang;

        var lookup = _h.LookupAsync(FrierenEpisode);
        (await MetadataHarness.EventuallyAsync(() => _h.AniList.Requests == 1)).ShouldBeTrue();
        await MetadataHarness.SettleAsync();
        lookup.IsCompleted.ShouldBeFalse();
        _h.Clock.Advance(_h.Options.Timeout);

        (await lookup).ShouldBeNull();
        (await MetadataHarness.EventuallyAsync(() => _h.AniListClient.IsDown)).ShouldBeTrue();
        (await _h.LookupPromptlyAsync(OnePieceEpisode)).ShouldBeNull();
        _h.AniList.Requests.ShouldBe(1);
        _h.Logs.Warnings.ShouldContain(w => w.Message.Contains("took longer than"));
    }

    [Fact]
    public async Task An_answer_that_is_not_json_gives_no_match_and_a_warning()
    {
        _h.AniList.Add(Frieren);
        _h.AniList.Fault = StandInFault.Garbage;

        (await _h.LookupPromptlyAsync(FrierenEpisode)).ShouldBeNull();

        _h.Logs.Warnings.ShouldContain(w => w.Message.Contains("not the expected JSON"));
        _h.AniListClient.IsDown.ShouldBeTrue();
        _h.Cache.Entries.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("anilist")]
    [InlineData("tmdb")]
    public async Task A_wrong_endpoint_is_a_failure_not_a_no_match(string provider)
    {
        await using var h = await MetadataHarness.StartAsync(o =>
        {
            o.AniList.Endpoint = new Uri(o.AniList.Endpoint, "/v2/graphql");
            o.Tmdb.Endpoint = new Uri(o.Tmdb.Endpoint, "/api/");
        });
        h.AniList.Add(Frieren);
        h.Tmdb.Add(Expanse);
        var name = provider == "anilist" ? FrierenEpisode : "The.Expanse.S02E03.1080p.mkv";

        (await h.LookupPromptlyAsync(name)).ShouldBeNull();

        h.Logs.Warnings.ShouldContain(w => w.Message.Contains("Endpoint right?"));
        h.Cache.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task One_provider_down_leaves_the_other_asked()
    {
        _h.AniList.Fault = StandInFault.ServerError;
        _h.Tmdb.Add(Expanse).AddEpisode(Expanse.Id, 2, 3, "Static");

        (await _h.LookupPromptlyAsync(FrierenEpisode)).ShouldBeNull();
        var show = await _h.LookupPromptlyAsync("The.Expanse.S02E03.1080p.BluRay.x264-ROVERS.mkv");

        show!.EpisodeTitle.ShouldBe("Static");
    }

    [Fact]
    public async Task A_cached_answer_is_still_given_while_its_provider_is_down()
    {
        _h.AniList.Add(Frieren);
        await _h.LookupAsync(FrierenEpisode);
        _h.AniList.Fault = StandInFault.ServerError;
        (await _h.LookupPromptlyAsync(OnePieceEpisode)).ShouldBeNull();

        var match = await _h.LookupPromptlyAsync(FrierenEpisode);

        match.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_caller_that_stops_gets_its_cancellation()
    {
        _h.AniList.Fault = StandInFault.Hang;
        using var stop = new CancellationTokenSource();

        var lookup = _h.Service.LookupAsync(
            Domain.Naming.ReleaseParser.Parse(FrierenEpisode),
            stop.Token
        );
        await stop.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => lookup);
    }
}
