using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Testing;
using static Sluice.Store.Tests.NotifyChannelFixture;

namespace Sluice.Store.Tests;

/// <summary>Sending on a notification channel: order, one sender at a time, crashes.</summary>
public sealed class NotifyChannelSpecs
{
    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Messages_wait_on_each_channel_in_the_order_their_items_reached_notify(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord", "hook"]);
        var third = await AtEncodeAsync(test, "a.mkv");
        var first = await AtEncodeAsync(test, "b.mkv");
        var second = await AtEncodeAsync(test, "c.mkv");
        var encodes = await test.ClaimAsync("encode");
        foreach (var id in new[] { first, second, third })
        {
            var job = encodes.Single(j => j.Lease.ItemId == id);
            (
                await test.Store.CompleteAsync(job.Lease, new SkipEncode("nothing"), Ct)
            ).Result.ShouldBe(LeaseWrite.Applied);
        }

        foreach (var channel in new[] { "discord", "hook" })
        {
            var (waiting, _) = await test.Store.WaitingOnAsync(channel, 10, Ct);
            waiting.Select(w => w.Item.Id).ShouldBe([first, second, third]);
            waiting.Select(w => w.Seq).ShouldBeInOrder(SortDirection.Ascending);
            waiting.ShouldAllBe(w => !w.AwaitsRefresh);
        }
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Only_one_job_at_a_time_sends_on_a_channel(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord"]);
        var a = await ClaimAsync(test, await AtNotifyAsync(test, "a.mkv"));
        var b = await ClaimAsync(test, await AtNotifyAsync(test, "b.mkv"));

        (await test.Store.TakeChannelAsync(a.Lease, "discord", false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted
        );
        (await test.Store.TakeChannelAsync(b.Lease, "discord", false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Busy
        );
        (await test.Store.BeginBatchAsync(b.Lease, "discord", "b", [b.Lease.ItemId], Ct)).ShouldBe(
            LeaseWrite.LeaseLost
        );

        await test.Store.LetGoOfChannelAsync(a.Lease, "discord", Ct);

        (await test.Store.TakeChannelAsync(b.Lease, "discord", false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted
        );
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_message_cut_short_by_a_crash_is_recorded_as_unconfirmed_and_never_sent_again(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord"]);
        var id = await AtNotifyAsync(test, "a.mkv");
        await SendingAsync(test, await ClaimAsync(test, id), "discord");

        // The node dies here: the request may have reached Discord.
        await test.Store.RescueOwnAsync("home", Ct);
        var next = await ClaimAsync(test, id);

        (await test.Store.TakeChannelAsync(next.Lease, "discord", false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted
        );
        (await StatusAsync(test, id, "discord")).ShouldBe(AnnouncementStatus.Unconfirmed);
        (await test.Store.WaitingOnAsync("discord", 10, Ct)).Entries.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_refresh_cut_short_by_a_crash_is_sent_again(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, refreshChannels: ["plex"]);
        var id = await AtNotifyAsync(test, "a.mkv");
        await SendingAsync(test, await ClaimAsync(test, id), "plex");

        await test.Store.RescueOwnAsync("home", Ct);
        var next = await ClaimAsync(test, id);

        (await test.Store.TakeChannelAsync(next.Lease, "plex", true, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted
        );
        (await StatusAsync(test, id, "plex")).ShouldBe(AnnouncementStatus.Waiting);
        (await test.Store.WaitingOnAsync("plex", 10, Ct))
            .Entries.ShouldHaveSingleItem()
            .Item.Id.ShouldBe(id);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_sender_whose_lease_ran_out_loses_the_channel_and_settles_nothing(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord"]);
        var frozen = await ClaimAsync(test, await AtNotifyAsync(test, "a.mkv"));
        var batch = await SendingAsync(test, frozen, "discord");
        var other = await ClaimAsync(test, await AtNotifyAsync(test, "b.mkv"));

        await test.AdvanceAsync(test.Lease + test.Margin);

        (await test.Store.TakeChannelAsync(other.Lease, "discord", false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted
        );
        (
            await test.Store.SettleBatchAsync(
                frozen.Lease,
                "discord",
                batch,
                new BatchOutcome.Delivered(),
                Ct
            )
        ).ShouldBe(LeaseWrite.LeaseLost);
        (await StatusAsync(test, frozen.Lease.ItemId, "discord")).ShouldBe(
            AnnouncementStatus.Unconfirmed
        );
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_failed_or_cancelled_item_holds_no_message_back(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord"]);
        var cancelled = await AtNotifyAsync(test, "a.mkv");
        var waiting = await AtNotifyAsync(test, "b.mkv");

        (
            await test.Store.CommandAsync(cancelled, new Cancel("me", null), "me", Ct)
        ).Applied.ShouldBeTrue();

        (await test.Store.WaitingOnAsync("discord", 10, Ct))
            .Entries.ShouldHaveSingleItem()
            .Item.Id.ShouldBe(waiting);
    }
}
