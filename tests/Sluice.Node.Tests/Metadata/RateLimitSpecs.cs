using static Sluice.Node.Tests.Metadata.Catalogue;

namespace Sluice.Node.Tests.Metadata;

public sealed class RateLimitSpecs : IAsyncLifetime
{
    private const string FrierenEpisode = "[SubsPlease] Sousou no Frieren - 05 (1080p).mkv";
    private const string OnePieceEpisode = "One Piece - 1071 [1080p].mkv";
    private MetadataHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await MetadataHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_429_with_Retry_After_is_honoured_once()
    {
        _h.AniList.Add(Frieren);
        _h.AniList.RetryAfterSeconds = 2;
        _h.AniList.RateLimitNext(1);
        var started = _h.Clock.GetUtcNow();

        var match = await _h.LookupAdvancingAsync(FrierenEpisode, TimeSpan.FromMilliseconds(250));

        match.ShouldNotBeNull();
        _h.AniList.RateLimited.ShouldBe(1);
        _h.AniList.Requests.ShouldBe(2);
        (_h.Clock.GetUtcNow() - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        _h.AniListClient.IsDown.ShouldBeFalse();
    }

    [Fact]
    public async Task A_second_429_gives_up_until_the_time_it_names()
    {
        _h.AniList.Add(Frieren, OnePiece);
        _h.AniList.RetryAfterSeconds = 3;
        _h.AniList.RateLimitNext(2);

        (
            await _h.LookupAdvancingAsync(FrierenEpisode, TimeSpan.FromMilliseconds(250))
        ).ShouldBeNull();

        _h.AniList.Requests.ShouldBe(2);
        (await _h.LookupPromptlyAsync(OnePieceEpisode)).ShouldBeNull();
        _h.AniList.Requests.ShouldBe(2);
        _h.Clock.Advance(TimeSpan.FromSeconds(3));
        (await _h.LookupPromptlyAsync(OnePieceEpisode)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_MaxRetryAfter_is_not_waited_for()
    {
        _h.Tmdb.Add(DunePartTwo);
        _h.Tmdb.RetryAfterSeconds = 60;
        _h.Tmdb.RateLimitNext(1);
        const string Dune = "Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.Atmos.DV.HDR.H.265-FLUX.mkv";

        (await _h.LookupPromptlyAsync(Dune)).ShouldBeNull();

        _h.Tmdb.Requests.ShouldBe(1);
        _h.Clock.Advance(TimeSpan.FromSeconds(59));
        (await _h.LookupPromptlyAsync(Dune)).ShouldBeNull();
        _h.Tmdb.Requests.ShouldBe(1);
        _h.Clock.Advance(TimeSpan.FromSeconds(1)); // AniList's "1 minute timeout", not DownFor
        (await _h.LookupPromptlyAsync(Dune)).ShouldNotBeNull();
    }

    [Fact]
    public async Task The_rate_limiter_holds_requests_to_the_configured_number_per_minute()
    {
        // 6 a minute: a burst of one, then one every 12 s. A long timeout keeps the
        // lookups waiting for their turn instead of giving up.
        await using var h = await MetadataHarness.StartAsync(o =>
        {
            o.AniList.RequestsPerMinute = 6;
            o.Timeout = TimeSpan.FromMinutes(10);
        });
        var titles = Enumerable.Range(1, 7).Select(n => $"Show Number {n}").ToList();
        foreach (var (title, n) in titles.Select((t, n) => (t, n)))
        {
            h.AniList.Add(new Sluice.Testing.Http.AniListEntry(1000 + n, title));
        }

        var lookups = titles.Select(t => h.LookupAsync($"[Group] {t} - 01 [1080p].mkv")).ToList();
        (await MetadataHarness.EventuallyAsync(() => h.AniList.Requests == 1)).ShouldBeTrue();
        await MetadataHarness.SettleAsync();
        h.AniList.Requests.ShouldBe(1);

        h.Clock.Advance(TimeSpan.FromSeconds(11));
        await MetadataHarness.SettleAsync();
        h.AniList.Requests.ShouldBe(1);
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        (await MetadataHarness.EventuallyAsync(() => h.AniList.Requests == 2)).ShouldBeTrue();

        for (var expected = 3; expected <= 6; expected++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(12));
            (
                await MetadataHarness.EventuallyAsync(() => h.AniList.Requests == expected)
            ).ShouldBeTrue();
        }

        await MetadataHarness.SettleAsync();
        h.AniList.Requests.ShouldBe(6); // a minute after the first: six, and the seventh waits
        h.Clock.Advance(TimeSpan.FromSeconds(12));
        var matches = await Task.WhenAll(lookups);

        matches.ShouldAllBe(m => m != null);
        h.AniList.Requests.ShouldBe(7);
        h.AniList.RateLimited.ShouldBe(0);
    }
}
