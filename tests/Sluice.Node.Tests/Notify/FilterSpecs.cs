using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Api;
using Sluice.Node.Configuration;
using Sluice.Node.Secrets;
using Sluice.Store;
using Sluice.Testing.Http;
using static Sluice.Node.Tests.Notify.AudienceRig;
using static Sluice.Node.Tests.Notify.NotifyRig;

namespace Sluice.Node.Tests.Notify;

/// <summary>
/// Announcement filters against local Discord, AniList and MyAnimeList stand-ins, on the rig's
/// manual clock: a channel announces only what its lists or terms name, and says so for the rest.
/// </summary>
public sealed class FilterSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_channel_with_a_term_announces_matching_shows_and_records_the_rest_as_filtered()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => Filter(o, "discord:announce", "term:frieren", "regex:^mushi")
        );
        await rig.StartWorkersAsync();
        var frieren = await rig.ReachNotifyAsync(Episode("Sousou no Frieren", 1, 1));
        var mushishi = await rig.ReachNotifyAsync(Episode("Mushishi", 1, 1));
        var dandadan = await rig.ReachNotifyAsync(Episode("Dandadan", 1, 1));

        await rig.UntilAsync(
            () => rig.AllNotifiedAsync(frieren, mushishi, dandadan),
            TimeSpan.FromSeconds(10)
        );

        rig.DiscordMessages()
            .ShouldBe([
                [frieren.ToString()],
                [mushishi.ToString()],
            ]);
        rig.HookItems().ShouldBe([frieren.ToString(), mushishi.ToString(), dandadan.ToString()]);
        var left = await rig.OnAsync(dandadan, "discord:announce");
        left.Status.ShouldBe(AnnouncementStatus.Filtered);
        left.Error!.ShouldStartWith("filtered: not on any list or term");
        var journal = await rig.AnnouncedAsync(dandadan);
        journal.ShouldContain(n =>
            n.Channel == "discord:announce" && n.Filtered == left.Error && !n.Unconfirmed
        );
        Sluice
            .Node.Api.TimelineText.Describe(journal.Single(n => n.Filtered is not null))
            .ShouldBe($"discord:announce: not announced, {left.Error}");
        var done = (await rig.Store.GetJournalAsync(dandadan, Ct))
            .Select(e => e.Event)
            .OfType<Notified>()
            .ShouldHaveSingleItem();
        done.Channels.ShouldBe(["webhook:hook"]);
        (await rig.ChannelAsync("discord:announce"))!.Waiting.ShouldBe(0);
    }

    [Fact]
    public async Task A_channel_filtered_on_an_AniList_list_announces_what_is_on_it_by_id_or_title()
    {
        await using var anilist = await AniListStandIn.StartAsync();
        anilist
            .Add(Frieren, Dandadan, Mushishi)
            .SetList("Alice", (Frieren.Id, "CURRENT"), (Mushishi.Id, "COMPLETED"));
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => Filter(o, "discord:announce", "anilist:Alice"),
            metadata: m => m.AniList.Endpoint = anilist.Endpoint
        );
        await rig.StartWorkersAsync();
        var byId = await rig.ReachNotifyAsync(OnAniList(Frieren));
        // Not matched on AniList at sanitize: its title is one the list's show goes by.
        var byTitle = await rig.ReachNotifyAsync(Episode("Frieren Beyond Journeys End", 2, 1));
        var offList = await rig.ReachNotifyAsync(OnAniList(Dandadan));
        var completed = await rig.ReachNotifyAsync(OnAniList(Mushishi));

        await rig.UntilAsync(
            () => rig.AllNotifiedAsync(byId, byTitle, offList, completed),
            TimeSpan.FromSeconds(10)
        );

        rig.DiscordMessages()
            .ShouldBe([
                [byId.ToString()],
                [byTitle.ToString()],
            ]);
        (await rig.OnAsync(offList, "discord:announce")).Status.ShouldBe(
            AnnouncementStatus.Filtered
        );
        (await rig.OnAsync(completed, "discord:announce")).Status.ShouldBe(
            AnnouncementStatus.Filtered
        );
        // Fetched once and kept: every later send read the stored copy.
        anilist.Asked.ShouldBe(["list:alice"]);
        var stored = (await rig.Store.WatchListsAsync(Ct)).ShouldHaveSingleItem();
        stored.Source.ShouldBe("anilist:alice");
        stored.Error.ShouldBeNull();
    }

    [Fact]
    public async Task A_MyAnimeList_list_is_read_page_by_page_with_the_client_id()
    {
        await using var mal = await MalStandIn.StartAsync("mal-client");
        mal.MaxLimit = 2;
        mal.SetList(
            "bob",
            new MalEntry(1, "Monster", "watching"),
            new MalEntry(2, "Planetes", "plan_to_watch"),
            new MalEntry(3, "Mushishi", "completed"),
            new MalEntry(4, "Haibane Renmei", "on_hold"),
            // Matched by MyAnimeList id: the item's AniList match knows it, whatever the titles.
            new MalEntry(Apothecary.MalId!.Value, "Apothecary (MAL's own title)", "watching"),
            new MalEntry(52991, "Sousou no Frieren", "watching")
            {
                English = "Frieren: Beyond Journey's End",
                Synonyms = ["Frieren at the Funeral"],
            }
        );
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => Filter(o, "discord:announce", "mal:Bob"),
            metadata: m =>
            {
                m.MyAnimeList.Endpoint = mal.Endpoint;
                m.MyAnimeList.ClientId = mal.ClientId;
                m.MyAnimeList.PageSize = 2;
            }
        );
        await rig.StartWorkersAsync();
        var lastPage = await rig.ReachNotifyAsync(Episode("Frieren at the Funeral", 1, 1));
        var completed = await rig.ReachNotifyAsync(Episode("Mushishi", 1, 1));
        var firstPage = await rig.ReachNotifyAsync(Episode("Monster", 1, 1));
        var byId = await rig.ReachNotifyAsync(OnAniList(Apothecary));

        await rig.UntilAsync(
            () => rig.AllNotifiedAsync(lastPage, completed, firstPage, byId),
            TimeSpan.FromSeconds(10)
        );

        rig.DiscordMessages()
            .ShouldBe([
                [lastPage.ToString()],
                [firstPage.ToString()],
                [byId.ToString()],
            ]);
        (await rig.OnAsync(completed, "discord:announce")).Status.ShouldBe(
            AnnouncementStatus.Filtered
        );
        mal.Asked.ShouldBe(["list:bob?offset=0", "list:bob?offset=2", "list:bob?offset=4"]);
    }

    [Fact]
    public async Task An_unknown_MyAnimeList_user_holds_the_channel_and_says_why()
    {
        await using var mal = await MalStandIn.StartAsync("mal-client");
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => Filter(o, "discord:announce", "mal:nobody"),
            metadata: m =>
            {
                m.MyAnimeList.Endpoint = mal.Endpoint;
                m.MyAnimeList.ClientId = mal.ClientId;
            }
        );
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Monster", 1, 1));

        await rig.UntilAsync(async () => rig.HookItems().Count == 1, TimeSpan.FromSeconds(1));
        await rig.UntilAsync(
            async () =>
                (await rig.Store.GetItemAsync(id, Ct))!.Job?.LastError?.Contains(
                    "MyAnimeList has no user 'nobody'",
                    StringComparison.Ordinal
                ) == true,
            TimeSpan.FromSeconds(1)
        );

        rig.DiscordMessages().ShouldBeEmpty();
        (await rig.OnAsync(id, "discord:announce")).Status.ShouldBe(AnnouncementStatus.Waiting);
        (await rig.Store.WatchListsAsync(Ct))
            .ShouldHaveSingleItem()
            .Error.ShouldBe("MyAnimeList has no user 'nobody' (or the list is private)");
    }

    [Fact]
    public async Task A_list_never_fetched_holds_announcements_in_order_until_it_can_be()
    {
        await using var anilist = await AniListStandIn.StartAsync();
        anilist.Add(Frieren, Dandadan).SetList("alice", (Frieren.Id, "CURRENT"));
        anilist.Fault = StandInFault.ServerError;
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => Filter(o, "discord:announce", "anilist:alice"),
            metadata: m => m.AniList.Endpoint = anilist.Endpoint
        );
        await rig.StartWorkersAsync();
        var first = await rig.ReachNotifyAsync(OnAniList(Frieren));
        var second = await rig.ReachNotifyAsync(OnAniList(Dandadan));
        await rig.UntilAsync(async () => rig.HookItems().Count == 2, TimeSpan.FromSeconds(1));
        await rig.UntilAsync(
            async () =>
                (await rig.Store.GetItemAsync(first, Ct))!.Job?.LastError?.Contains(
                    "holding announcements until anilist:alice",
                    StringComparison.Ordinal
                ) == true,
            TimeSpan.FromSeconds(1)
        );
        rig.DiscordMessages().ShouldBeEmpty();
        (await rig.AllNotifiedAsync(first)).ShouldBeFalse();
        // The channel's own view says it is holding and for which list, not "ok".
        var holding = (await ChannelViewAsync(rig, "discord:announce"))!;
        holding.State.ShouldBe("holding");
        holding.Waiting.ShouldBe(2);
        holding.Holding.ShouldNotBeNull().ShouldContain("until anilist:alice");

        anilist.Fault = StandInFault.None;
        await rig.UntilAsync(() => rig.AllNotifiedAsync(first, second), TimeSpan.FromSeconds(20));
        var released = (await ChannelViewAsync(rig, "discord:announce"))!;
        released.State.ShouldBe("ok");
        released.Holding.ShouldBeNull();

        rig.DiscordMessages()
            .ShouldBe([
                [first.ToString()],
            ]);
        (await rig.OnAsync(second, "discord:announce")).Status.ShouldBe(
            AnnouncementStatus.Filtered
        );
    }

    [Fact]
    public async Task A_list_never_fetched_lets_everything_through_when_configured_to_announce()
    {
        await using var anilist = await AniListStandIn.StartAsync();
        anilist.Fault = StandInFault.ServerError;
        await using var rig = await NotifyRig.StartAsync(
            (o, _) =>
            {
                Filter(o, "discord:announce", "anilist:alice");
                o.Lists.WhenUnavailable = ListUnavailable.Announce;
            },
            metadata: m => m.AniList.Endpoint = anilist.Endpoint
        );
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(OnAniList(Dandadan));

        await rig.UntilAsync(() => rig.AllNotifiedAsync(id), TimeSpan.FromSeconds(1));

        rig.DiscordMessages()
            .ShouldBe([
                [id.ToString()],
            ]);
        rig.Logs.Entries.ShouldContain(e =>
            e.Message.Contains("announcing unfiltered", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task A_list_that_cannot_be_fetched_again_is_used_as_last_fetched()
    {
        await using var anilist = await AniListStandIn.StartAsync();
        anilist.Add(Frieren, Dandadan).SetList("alice", (Frieren.Id, "CURRENT"));
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => Filter(o, "discord:announce", "anilist:alice"),
            metadata: m => m.AniList.Endpoint = anilist.Endpoint
        );
        await rig.StartWorkersAsync();
        var before = await rig.ReachNotifyAsync(OnAniList(Frieren));
        await rig.UntilAsync(() => rig.AllNotifiedAsync(before), TimeSpan.FromSeconds(1));
        anilist.Fault = StandInFault.ServerError;
        rig.Clock.Advance(rig.Options.Lists.RefreshInterval + TimeSpan.FromMinutes(1));

        var onList = await rig.ReachNotifyAsync(OnAniList(Frieren, 2));
        var offList = await rig.ReachNotifyAsync(OnAniList(Dandadan));
        await rig.UntilAsync(() => rig.AllNotifiedAsync(onList, offList), TimeSpan.FromSeconds(1));

        rig.DiscordMessages()
            .ShouldBe([
                [before.ToString()],
                [onList.ToString()],
            ]);
        (await rig.OnAsync(offList, "discord:announce")).Status.ShouldBe(
            AnnouncementStatus.Filtered
        );
        anilist.Requests.ShouldBe(2);
        var stored = (await rig.Store.WatchListsAsync(Ct)).ShouldHaveSingleItem();
        stored.Entries.ShouldNotBeNull();
        stored.Error.ShouldBe("AniList did not answer (the node's log says why)");
    }

    [Fact]
    public async Task A_filter_added_through_the_database_applies_from_the_next_send_and_its_removal_too()
    {
        await using var rig = await NotifyRig.StartAsync();
        await rig.StartWorkersAsync();
        (await rig.Store.AddFilterAsync("discord:announce", "term:frieren", Ct)).ShouldBeTrue();
        var filtered = await rig.ReachNotifyAsync(Episode("Dandadan", 1, 1));
        await rig.UntilAsync(() => rig.AllNotifiedAsync(filtered), TimeSpan.FromSeconds(10));

        (await rig.Store.RemoveFilterAsync("discord:announce", "term:frieren", Ct)).ShouldBeTrue();
        var announced = await rig.ReachNotifyAsync(Episode("Dandadan", 1, 2));
        await rig.UntilAsync(() => rig.AllNotifiedAsync(announced), TimeSpan.FromSeconds(10));

        rig.DiscordMessages()
            .ShouldBe([
                [announced.ToString()],
            ]);
        (await rig.OnAsync(filtered, "discord:announce")).Status.ShouldBe(
            AnnouncementStatus.Filtered
        );
    }

    [Fact]
    public async Task An_item_no_channel_announces_is_still_refreshed_in_every_library()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) =>
            {
                Filter(o, "discord:announce", "term:frieren");
                Filter(o, "webhook:hook", "term:frieren");
            },
            mediaServers: true
        );
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Dandadan", 1, 1));

        await rig.UntilAsync(() => rig.AllNotifiedAsync(id), TimeSpan.FromSeconds(1));

        rig.Plex.Refreshes.Select(r => r.Path).ShouldContain("/media/Shows/Dandadan/Season 01");
        rig.Jellyfin.Refreshes.Select(r => r.Path)
            .ShouldContain("/srv/library/Shows/Dandadan/Season 01");
        rig.DiscordMessages().ShouldBeEmpty();
        rig.HookItems().ShouldBeEmpty();
        (await rig.AnnouncedAsync(id))
            .Where(n => n.Filtered is null)
            .Select(n => n.Channel)
            .ShouldBe(["plex:home", "jellyfin:living-room"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_list_service_that_never_answers_is_given_up_on_in_time_and_the_channel_holds()
    {
        await using var anilist = await AniListStandIn.StartAsync();
        anilist.Add(Frieren).SetList("alice", (Frieren.Id, "CURRENT"));
        anilist.Fault = StandInFault.Hang;
        await using var rig = await NotifyRig.StartAsync(
            (o, _) =>
            {
                Filter(o, "discord:announce", "anilist:alice");
                o.Lists.FetchTimeout = TimeSpan.FromMinutes(1);
            },
            metadata: m => m.AniList.Endpoint = anilist.Endpoint
        );
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(OnAniList(Frieren));

        await rig.UntilAsync(
            async () =>
                (await rig.Store.GetItemAsync(id, Ct))!.Job?.LastError?.Contains(
                    "the list took longer than 00:01:00 to fetch",
                    StringComparison.Ordinal
                ) == true,
            TimeSpan.FromSeconds(5)
        );
        rig.DiscordMessages().ShouldBeEmpty();

        anilist.Fault = StandInFault.None;
        await rig.UntilAsync(() => rig.AllNotifiedAsync(id), TimeSpan.FromSeconds(20));
        rig.DiscordMessages()
            .ShouldBe([
                [id.ToString()],
            ]);
    }

    private static async Task<NotifyChannelView?> ChannelViewAsync(NotifyRig rig, string name) =>
        (
            await NotifyApi.ChannelsAsync(
                rig.Store,
                rig.Options,
                new SecretScrubber(
                    Options.Create(new ApiOptions()),
                    Options.Create(rig.Options),
                    Options.Create(new Sluice.Node.Metadata.MetadataOptions()),
                    Options.Create(new StoreOptions())
                ),
                rig.Audience,
                rig.Clock,
                Ct
            )
        ).SingleOrDefault(c => c.Name == name);
}
