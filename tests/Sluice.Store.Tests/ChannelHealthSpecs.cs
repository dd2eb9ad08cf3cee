using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Testing;
using static Sluice.Store.Tests.NotifyChannelFixture;

namespace Sluice.Store.Tests;

/// <summary>A notification channel's health: answers, failures with backoff, quarantine and release, refused messages, refreshes first.</summary>
public sealed class ChannelHealthSpecs
{
    private static CancellationToken Ct => CancellationToken.None;

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
}
