using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

/// <summary>Sending on a notification channel: order, one sender at a time, crashes, failures, quarantine.</summary>
public sealed class NotifyChannelSpecs
{
    private static CancellationToken Ct => CancellationToken.None;

    private static async Task<ItemId> AtNotifyAsync(TestStore test, string name)
    {
        var id = await AtEncodeAsync(test, name);
        await test.RunAsync(id, new SkipEncode("nothing"));
        return id;
    }

    private static async Task<ItemId> AtEncodeAsync(TestStore test, string name)
    {
        var id = await test.DiscoverAsync(name);
        await test.RunAsync(id, new CompleteSanitize($"Shows/{name}", TestStore.Media));
        await test.RunAsync(
            id,
            new CompleteVault(Artifact.Source, [TestStore.Copy(Artifact.Source)])
        );
        await test.RunAsync(id, new CompleteTier(1, 0, 0));
        return id;
    }

    private static async Task<ClaimedJob> ClaimAsync(TestStore test, ItemId id) =>
        (await test.ClaimAsync("notify")).Single(j => j.Lease.ItemId == id);

    private static ChannelPolicy Policy(TestStore test, int quarantineAfter = 3) =>
        new(new Backoff(test.BackoffBase, test.BackoffMax), quarantineAfter);

    private static async Task<string> SendingAsync(TestStore test, ClaimedJob job, string channel)
    {
        (await test.Store.TakeChannelAsync(job.Lease, channel, false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted
        );
        var batch = $"{job.Lease.Token}:{job.Lease.ItemId}";
        (
            await test.Store.BeginBatchAsync(job.Lease, channel, batch, [job.Lease.ItemId], Ct)
        ).ShouldBe(LeaseWrite.Applied);
        return batch;
    }

    private static async Task<AnnouncementStatus> StatusAsync(
        TestStore test,
        ItemId id,
        string channel
    ) => (await test.Store.AnnouncementsOfAsync(id, Ct)).Single(a => a.Channel == channel).Status;

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
    public async Task A_delivered_message_is_sent_and_the_channels_failures_start_again(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord"]);
        var id = await AtNotifyAsync(test, "a.mkv");
        var job = await ClaimAsync(test, id);
        var failed = await SendingAsync(test, job, "discord");
        await test.Store.SettleBatchAsync(
            job.Lease,
            "discord",
            failed,
            new BatchOutcome.Failed("HTTP 500", false, Policy(test)),
            Ct
        );
        await test.Store.LetGoOfChannelAsync(job.Lease, "discord", Ct);
        await test.AdvanceAsync(test.BackoffMax + test.Margin);

        var batch = await SendingAsync(test, job, "discord");
        await test.Store.SettleBatchAsync(
            job.Lease,
            "discord",
            batch,
            new BatchOutcome.Delivered(),
            Ct
        );

        (await StatusAsync(test, id, "discord")).ShouldBe(AnnouncementStatus.Sent);
        var state = (await test.Store.ChannelStatesAsync(Ct)).ShouldHaveSingleItem();
        state.Failures.ShouldBe(0);
        state.Waiting.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Failures_back_off_and_quarantine_the_channel_after_the_policys_number(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord"]);
        var id = await AtNotifyAsync(test, "a.mkv");
        var job = await ClaimAsync(test, id);

        for (var failure = 1; failure <= 3; failure++)
        {
            var batch = await SendingAsync(test, job, "discord");
            var before = await test.NowAsync();
            await test.Store.SettleBatchAsync(
                job.Lease,
                "discord",
                batch,
                new BatchOutcome.Failed($"HTTP 500 #{failure}", false, Policy(test)),
                Ct
            );
            await test.Store.LetGoOfChannelAsync(job.Lease, "discord", Ct);
            var turn = await test.Store.TakeChannelAsync(job.Lease, "discord", false, Ct);
            if (failure < 3)
            {
                turn.Result.ShouldBe(ChannelTurnResult.BackingOff);
                var expected = new Backoff(test.BackoffBase, test.BackoffMax).Delay(failure, 0.5);
                (turn.Until!.Value - before).ShouldBeGreaterThanOrEqualTo(expected);
                turn.Reason.ShouldBe($"HTTP 500 #{failure}");
                (await StatusAsync(test, id, "discord")).ShouldBe(AnnouncementStatus.Waiting);
                await test.AdvanceAsync(expected + test.Margin);
            }
            else
            {
                turn.Result.ShouldBe(ChannelTurnResult.Quarantined);
                turn.Reason!.ShouldContain("3 failures in a row");
            }
        }

        await test.AdvanceAsync(test.BackoffMax + test.Margin);
        (await test.Store.TakeChannelAsync(job.Lease, "discord", false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Quarantined,
            "a quarantine waits for a person, however long"
        );
        var state = (await test.Store.ChannelStatesAsync(Ct)).ShouldHaveSingleItem();
        state.QuarantinedAt.ShouldNotBeNull();
        state.Waiting.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_gone_webhook_is_quarantined_at_once_and_a_release_wakes_the_items_waiting_for_it(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord", "hook"]);
        var id = await AtNotifyAsync(test, "a.mkv");
        var job = await ClaimAsync(test, id);
        var batch = await SendingAsync(test, job, "discord");
        await test.Store.SettleBatchAsync(
            job.Lease,
            "discord",
            batch,
            new BatchOutcome.Failed("HTTP 404 Unknown Webhook", true, Policy(test, 10)),
            Ct
        );
        (await test.Store.TakeChannelAsync(job.Lease, "hook", false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted,
            "the other channels keep going"
        );
        await test.Store.DeferAsync(
            job.Lease,
            (await test.NowAsync()).AddHours(1),
            "waiting for discord",
            Ct
        );
        (await test.ClaimAsync("notify")).ShouldBeEmpty();

        (await test.Store.ReleaseChannelAsync("discord", Ct)).ShouldBeTrue();
        (await test.Store.ReleaseChannelAsync("discord", Ct)).ShouldBeFalse();

        var again = await ClaimAsync(test, id);
        (await test.Store.TakeChannelAsync(again.Lease, "discord", false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted
        );
        (await test.Store.ChannelStatesAsync(Ct))
            .Single(s => s.Channel == "discord")
            .QuarantinedAt.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_refused_message_waits_until_its_item_is_retried(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord"]);
        var id = await AtNotifyAsync(test, "a.mkv");
        var job = await ClaimAsync(test, id);
        var batch = await SendingAsync(test, job, "discord");
        await test.Store.SettleBatchAsync(
            job.Lease,
            "discord",
            batch,
            new BatchOutcome.Rejected("HTTP 400: embed too long"),
            Ct
        );
        (await StatusAsync(test, id, "discord")).ShouldBe(AnnouncementStatus.Rejected);
        (await test.Store.WaitingOnAsync("discord", 10, Ct)).Entries.ShouldBeEmpty();
        await test.Store.FailAsync(job.Lease, "HTTP 400: embed too long", true, Ct);

        (await test.Store.CommandAsync(id, new Retry("me"), "me", Ct)).Applied.ShouldBeTrue();

        (await StatusAsync(test, id, "discord")).ShouldBe(AnnouncementStatus.Waiting);
        (await test.Store.WaitingOnAsync("discord", 10, Ct))
            .Entries.ShouldHaveSingleItem()
            .Item.Id.ShouldBe(id);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_refresh_goes_before_the_items_messages_unless_its_server_is_quarantined(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(
            kind,
            channels: ["discord"],
            refreshChannels: ["plex", "jellyfin"]
        );
        var id = await AtNotifyAsync(test, "a.mkv");
        var job = await ClaimAsync(test, id);
        (await test.Store.WaitingOnAsync("discord", 10, Ct))
            .Entries.ShouldHaveSingleItem()
            .AwaitsRefresh.ShouldBeTrue();

        var plex = await SendingAsync(test, job, "plex");
        await test.Store.SettleBatchAsync(
            job.Lease,
            "plex",
            plex,
            new BatchOutcome.Delivered(),
            Ct
        );
        var jellyfin = await SendingAsync(test, job, "jellyfin");
        (await test.Store.WaitingOnAsync("discord", 10, Ct))
            .Entries.Single()
            .AwaitsRefresh.ShouldBeTrue("jellyfin has not answered yet");
        await test.Store.SettleBatchAsync(
            job.Lease,
            "jellyfin",
            jellyfin,
            new BatchOutcome.Failed("HTTP 401", true, Policy(test)),
            Ct
        );

        (await test.Store.WaitingOnAsync("discord", 10, Ct))
            .Entries.Single()
            .AwaitsRefresh.ShouldBeFalse("a quarantined server holds no message back");
        (await test.Store.AnnouncementsOfAsync(id, Ct))
            .Select(a => a.Channel)
            .ShouldBe(["jellyfin", "plex", "discord"]);
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
