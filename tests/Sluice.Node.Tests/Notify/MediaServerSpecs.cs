using Sluice.Domain.Items;
using Sluice.Store;
using static Sluice.Node.Tests.Notify.NotifyRig;

namespace Sluice.Node.Tests.Notify;

/// <summary>Plex and Jellyfin refreshes against local stand-ins that check their tokens.</summary>
public sealed class MediaServerSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly EncodeOutput Hardsub = new(
        "hardsub",
        "Encoded/Shows/Frieren/Season 01/Frieren - S01E01.mp4",
        700L << 20,
        1440
    );

    [Fact]
    public async Task The_media_servers_refresh_the_exact_folders_before_the_message_goes_out()
    {
        await using var rig = await NotifyRig.StartAsync(mediaServers: true);
        await rig.StartWorkersAsync();
        var first = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1), Hardsub);
        var second = await rig.ReachNotifyAsync(Episode("Frieren", 1, 2));
        var movie = await rig.ReachNotifyAsync(new MediaSummary("movie", "Dune", null, [], 2021));

        await rig.UntilAsync(
            () => rig.AllNotifiedAsync(first, second, movie),
            TimeSpan.FromSeconds(1)
        );

        // Plex: only the sections holding a folder; the Encoded folder is in none of them.
        rig.Plex.Refreshes.Select(r => (r.Section, r.Path))
            .Distinct()
            .ShouldBe(
                [("2", "/media/Shows/Frieren/Season 01"), ("1", "/media/Movies/Dune")],
                ignoreOrder: true
            );
        rig.Jellyfin.Refreshes.Select(r => r.Path)
            .Distinct()
            .ShouldBe(
                [
                    "/srv/library/Shows/Frieren/Season 01",
                    "/srv/library/Encoded/Shows/Frieren/Season 01",
                    "/srv/library/Movies/Dune",
                ],
                ignoreOrder: true
            );
        rig.Jellyfin.UpdateTypes.ShouldAllBe(t => t == "Created");
        rig.Plex.Unauthorized.ShouldBe(0);
        rig.Jellyfin.Unauthorized.ShouldBe(0);
        var discord = rig
            .Server.Accepted.Where(r =>
                r.Route.StartsWith("/api/webhooks/", StringComparison.Ordinal)
            )
            .ToList();
        discord.Count.ShouldBe(2, "the two episodes are one message, the film another");
        var refreshedShows = new[] { rig.Plex.Refreshes, rig.Jellyfin.Refreshes }
            .SelectMany(r => r)
            .Where(r => r.Path.Contains("Frieren", StringComparison.Ordinal))
            .Max(r => r.Sequence);
        var refreshedFilm = new[] { rig.Plex.Refreshes, rig.Jellyfin.Refreshes }
            .SelectMany(r => r)
            .Where(r => r.Path.Contains("Dune", StringComparison.Ordinal))
            .Max(r => r.Sequence);
        discord
            .Single(d => FooterIds(d.Body).Contains(first.ToString()))
            .Sequence.ShouldBeGreaterThan(refreshedShows);
        discord
            .Single(d => FooterIds(d.Body).Contains(movie.ToString()))
            .Sequence.ShouldBeGreaterThan(refreshedFilm);
        rig.Server.Accepted.Where(r => r.Route == "/hooks/hook")
            .ShouldAllBe(h => h.Sequence > rig.Jellyfin.Refreshes.Min(r => r.Sequence));
        (await rig.AnnouncedAsync(first))
            .Select(n => n.Channel)
            .ShouldBe(
                ["plex:home", "jellyfin:living-room", "discord:announce", "webhook:hook"],
                ignoreOrder: true
            );
    }

    [Fact]
    public async Task A_media_server_that_is_down_holds_the_message_until_it_has_refreshed()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => o.CoalesceWindow = TimeSpan.Zero,
            mediaServers: true
        );
        rig.Plex.FailNext(2, 503);
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));

        await rig.UntilAsync(() => rig.AllNotifiedAsync(id), TimeSpan.FromSeconds(1));

        var refreshed = rig.Plex.Refreshes.ShouldHaveSingleItem();
        var message = rig.Server.Accepted.Single(r =>
            r.Route.StartsWith("/api/webhooks/", StringComparison.Ordinal)
        );
        message.Sequence.ShouldBeGreaterThan(refreshed.Sequence);
        (await rig.ChannelAsync("plex:home"))!.Failures.ShouldBe(
            0,
            "an answer starts the count again"
        );
    }

    [Fact]
    public async Task A_wrong_api_key_quarantines_that_server_and_the_messages_go_out_anyway()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => o.Jellyfin[0].ApiKey = "stale-key",
            mediaServers: true
        );
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));

        await rig.UntilAsync(
            async () =>
                (await rig.ChannelAsync("jellyfin:living-room"))?.QuarantinedAt is not null
                && rig.DiscordMessages().Count == 1
                && rig.HookItems().Count == 1,
            TimeSpan.FromSeconds(1)
        );

        rig.Jellyfin.Unauthorized.ShouldBe(1);
        rig.Plex.Refreshes.ShouldHaveSingleItem();
        var state = (await rig.ChannelAsync("jellyfin:living-room"))!;
        state.QuarantineReason!.ShouldContain("401");
        state.QuarantineReason!.ShouldNotContain("stale-key");
        rig.Logs.AllText.ShouldNotContain("stale-key");
        rig.Logs.AllText.ShouldNotContain("plex-token");
        (await rig.Store.GetItemAsync(id, Ct))!.Item.State.ShouldBe(
            ItemState.Encoded,
            "its refresh waits in the outbox for a release"
        );
    }

    [Fact]
    public async Task A_message_waiting_for_a_server_that_backs_off_looks_again_when_it_may_retry_not_every_few_seconds()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) =>
            {
                o.CoalesceWindow = TimeSpan.Zero;
                o.RetryBackoffBase = TimeSpan.FromSeconds(30);
            },
            mediaServers: true
        );
        rig.Jellyfin.FailNext(3, 502);
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));

        await rig.UntilAsync(() => rig.AllNotifiedAsync(id), TimeSpan.FromSeconds(1));

        // Three failures back off about 30 + 60 + 120 s; a look every 2 s would be ~100 claims.
        var claims = (await rig.Store.GetJournalAsync(id, Ct))
            .Select(e => e.Event)
            .OfType<StepStarted>()
            .Count(s => s.Step == Step.Notify);
        claims.ShouldBeLessThanOrEqualTo(6);
        rig.Jellyfin.Refreshes.ShouldHaveSingleItem();
    }
}
