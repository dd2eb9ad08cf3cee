using Sluice.Domain.Items;
using Sluice.Testing;
using static Sluice.Store.Tests.NotifyChannelFixture;

namespace Sluice.Store.Tests;

/// <summary>Announcement filters, subscriptions and watch lists in the database, and filtered outbox rows.</summary>
public sealed class AudienceStoreSpecs
{
    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Filters_and_subscriptions_are_kept_once_and_removed_once(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);

        (await test.Store.AddFilterAsync("discord:a", "term:frieren", Ct)).ShouldBeTrue();
        (await test.Store.AddFilterAsync("discord:a", "term:frieren", Ct)).ShouldBeFalse();
        (await test.Store.AddFilterAsync("discord:a", "anilist:alice", Ct)).ShouldBeTrue();
        (await test.Store.AddSubscriptionAsync("Frieren", "user:1", "", Ct)).ShouldBeTrue();
        (await test.Store.AddSubscriptionAsync("Frieren", "user:1", "", Ct)).ShouldBeFalse();
        (
            await test.Store.AddSubscriptionAsync("Frieren", "user:1", "discord:a", Ct)
        ).ShouldBeTrue();

        (await test.Store.FiltersAsync(Ct))
            .Select(f => f.Source)
            .ShouldBe(["anilist:alice", "term:frieren"]);
        (await test.Store.SubscriptionsAsync(Ct))
            .Select(s => s.Channel)
            .ShouldBe(["", "discord:a"]);
        (await test.Store.RemoveFilterAsync("discord:a", "term:frieren", Ct)).ShouldBeTrue();
        (await test.Store.RemoveFilterAsync("discord:a", "term:frieren", Ct)).ShouldBeFalse();
        (await test.Store.RemoveSubscriptionAsync("Frieren", "user:1", "", Ct)).ShouldBeTrue();
        (await test.Store.SubscriptionsAsync(Ct))
            .ShouldHaveSingleItem()
            .Channel.ShouldBe("discord:a");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_failed_fetch_keeps_the_lists_last_good_copy(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);

        await test.Store.SaveWatchListAsync("anilist:alice", null, "AniList did not answer", Ct);
        var (never, _) = await test.Store.WatchListAsync("anilist:alice", Ct);
        never!.Entries.ShouldBeNull();
        never.Error.ShouldBe("AniList did not answer");
        await test.Store.SaveWatchListAsync("anilist:alice", "[1]", null, Ct);
        await test.Store.SaveWatchListAsync("anilist:alice", null, "HTTP 500", Ct);

        var (list, now) = await test.Store.WatchListAsync("anilist:alice", Ct);
        list!.Entries.ShouldBe("[1]");
        list.Error.ShouldBe("HTTP 500");
        list.FetchedAt.ShouldNotBeNull();
        list.FetchedAt!.Value.ShouldBeLessThanOrEqualTo(now);
        (await test.Store.WatchListAsync("mal:bob", Ct)).List.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_filtered_row_is_settled_by_the_channels_sender_only_and_waits_no_more(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord"]);
        var a = await ClaimAsync(test, await AtNotifyAsync(test, "a.mkv"));
        var b = await ClaimAsync(test, await AtNotifyAsync(test, "b.mkv"));
        (await test.Store.TakeChannelAsync(a.Lease, "discord", false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted
        );

        (
            await test.Store.FilterOutAsync(b.Lease, "discord", [(b.Lease.ItemId, "nope")], Ct)
        ).ShouldBe(LeaseWrite.LeaseLost);
        (
            await test.Store.FilterOutAsync(
                a.Lease,
                "discord",
                [(b.Lease.ItemId, "filtered: not on any list")],
                Ct
            )
        ).ShouldBe(LeaseWrite.Applied);

        var announcement = (await test.Store.AnnouncementsOfAsync(b.Lease.ItemId, Ct)).Single();
        announcement.Status.ShouldBe(AnnouncementStatus.Filtered);
        announcement.Error.ShouldBe("filtered: not on any list");
        (await test.Store.WaitingOnAsync("discord", 10, Ct))
            .Entries.Select(e => e.Item.Id)
            .ShouldBe([a.Lease.ItemId]);
    }
}
