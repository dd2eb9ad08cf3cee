using Sluice.Domain.Items;
using Sluice.Store;
using static Sluice.Node.Tests.Notify.NotifyRig;

namespace Sluice.Node.Tests.Notify;

/// <summary>
/// Channels that fail, rate limit, refuse or never answer, and senders that lose their lease:
/// the notify stage against local stand-ins, on a manual clock.
/// </summary>
public sealed class ChannelFailureSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_channel_answering_500_forever_is_quarantined_while_the_others_deliver()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, server) =>
            {
                o.Discord.Add(
                    new() { Name = "backup", Url = server.DiscordWebhook("2").ToString() }
                );
                o.QuarantineAfter = 4;
                o.CoalesceWindow = TimeSpan.Zero;
            }
        );
        rig.Server.AnswerWith("2", 500);
        await rig.StartWorkersAsync();
        var a = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));
        var b = await rig.ReachNotifyAsync(Episode("Dandadan", 1, 1));

        await rig.UntilAsync(async () =>
            (await rig.ChannelAsync("discord:backup"))?.QuarantinedAt is not null
            && rig.DiscordMessages("1").Count == 2
            && rig.HookItems().Count == 2
            && (await rig.Store.GetItemAsync(a, Ct))!.Job!.LastError is { } why
            && why.Contains("quarantined", StringComparison.Ordinal)
        );

        var attempts = rig
            .Server.Answers.Where(r =>
                r.Route.StartsWith("/api/webhooks/2/", StringComparison.Ordinal)
            )
            .ToList();
        attempts.Count.ShouldBe(4);
        attempts.ShouldAllBe(r => r.Status == 500);
        var gaps = attempts.Zip(attempts.Skip(1), (x, y) => y.At - x.At).ToList();
        for (var i = 0; i < gaps.Count; i++)
        {
            // base 5 s doubling, ±20 % jitter
            gaps[i].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5 * Math.Pow(2, i) * 0.8));
        }

        var state = (await rig.ChannelAsync("discord:backup"))!;
        state.QuarantineReason!.ShouldContain("4 failures in a row");
        state.QuarantineReason!.ShouldContain("HTTP 500");
        state.Waiting.ShouldBe(2);
        var view = (await rig.Store.GetItemAsync(a, Ct))!;
        view.Item.State.ShouldBe(ItemState.Encoded, "it waits for the quarantined channel");
        view.Job!.LastError!.ShouldContain("sluice ctl notify release discord:backup");
        (await rig.AnnouncedAsync(a))
            .Select(n => n.Channel)
            .ShouldBe(["discord:announce", "webhook:hook"], ignoreOrder: true);

        rig.Server.AnswerWith("2", null);
        (await rig.Store.ReleaseChannelAsync("discord:backup", Ct)).ShouldBeTrue();
        await rig.UntilAsync(() => rig.AllNotifiedAsync(a, b));

        rig.DiscordMessages("2")
            .ShouldBe([
                [a.ToString()],
                [b.ToString()],
            ]);
        (await rig.AnnouncedAsync(b)).Count(n => n.Channel == "discord:backup").ShouldBe(1);
    }

    [Fact]
    public async Task A_deleted_webhook_is_quarantined_after_one_request_and_its_token_is_nowhere()
    {
        await using var rig = await NotifyRig.StartAsync();
        rig.Server.AnswerWith("1", 404);
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));

        await rig.UntilAsync(async () =>
            (await rig.ChannelAsync("discord:announce"))?.QuarantinedAt is not null
            && rig.HookItems().Count == 1
        );
        rig.Clock.Advance(TimeSpan.FromHours(2));
        await rig.UntilAsync(async () =>
            (await rig.Store.GetItemAsync(id, Ct))!.Job!.State == "retryable"
        );

        rig.Server.Answers.Count(r =>
                r.Route.StartsWith("/api/webhooks/1/", StringComparison.Ordinal)
            )
            .ShouldBe(1);
        var state = (await rig.ChannelAsync("discord:announce"))!;
        state.QuarantineReason!.ShouldContain("404");
        state.QuarantineReason!.ShouldContain("Unknown Webhook");
        var job = (await rig.Store.GetItemAsync(id, Ct))!.Job!;
        foreach (var text in new[] { state.QuarantineReason, state.LastError, job.LastError })
        {
            text!.ShouldNotContain("secret-token");
        }
    }

    [Fact]
    public async Task A_long_retry_after_puts_the_channel_off_without_counting_a_failure()
    {
        await using var rig = await NotifyRig.StartAsync((o, _) => o.Webhooks = []);
        rig.Server.RetryAfterSeconds = 300;
        rig.Server.RateLimitNext(1);
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));
        await rig.UntilAsync(async () =>
            (await rig.ChannelAsync("discord:announce"))?.RetryAt is not null
        );
        var limited = rig.Clock.GetUtcNow();

        var state = (await rig.ChannelAsync("discord:announce"))!;
        state.Failures.ShouldBe(0);
        state.RetryAt!.Value.ShouldBeGreaterThanOrEqualTo(limited.AddSeconds(299));
        await rig.UntilAsync(() => rig.AllNotifiedAsync(id), TimeSpan.FromSeconds(5));

        rig.Server.Accepted.First(r => r.Route.StartsWith("/api", StringComparison.Ordinal))
            .At.ShouldBeGreaterThanOrEqualTo(state.RetryAt.Value);
        rig.DiscordMessages()
            .ShouldBe([
                [id.ToString()],
            ]);
    }

    [Fact]
    public async Task A_message_whose_sender_lost_its_lease_before_it_heard_back_is_not_sent_again()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => o.CoalesceWindow = TimeSpan.Zero
        );
        var held = rig.Server.HoldNext();
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));
        await rig.UntilAsync(() => Task.FromResult(held.Reached.IsCompleted));

        // The node is declared gone while the request hangs: another claim takes over.
        await rig.Store.RescueOwnAsync("test", Ct);
        await rig.UntilAsync(() => rig.AllNotifiedAsync(id));
        held.Release();
        await rig.UntilAsync(() => Task.FromResult(rig.HookItems().Count == 1));

        rig.DiscordMessages()
            .ShouldBe([
                [id.ToString()],
            ]);
        (await rig.AnnouncedAsync(id)).ShouldBe(
            [
                new NotificationSent("discord:announce", Unconfirmed: true),
                new NotificationSent("webhook:hook"),
            ],
            ignoreOrder: true
        );
    }

    [Fact]
    public async Task A_message_that_got_no_answer_in_time_is_recorded_as_unconfirmed_and_not_sent_again()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) =>
            {
                o.CoalesceWindow = TimeSpan.Zero;
                o.Timeout = TimeSpan.FromMilliseconds(300);
            }
        );
        var held = rig.Server.HoldNext();
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));

        await rig.UntilAsync(() => rig.AllNotifiedAsync(id));
        held.Release();

        rig.DiscordMessages()
            .ShouldBe([
                [id.ToString()],
            ]);
        (await rig.AnnouncedAsync(id)).ShouldContain(
            new NotificationSent("discord:announce", Unconfirmed: true)
        );
        (await rig.ChannelAsync("discord:announce"))!.Failures.ShouldBe(0);
    }

    [Fact]
    public async Task A_refused_message_fails_its_item_and_goes_out_when_the_item_is_retried()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => o.CoalesceWindow = TimeSpan.Zero
        );
        rig.Server.AnswerWith("1", 413);
        await rig.StartWorkersAsync();
        var id = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));
        await rig.UntilAsync(async () =>
            (await rig.Store.GetItemAsync(id, Ct))!.Item.State == ItemState.Failed
        );

        var failed = (await rig.Store.GetItemAsync(id, Ct))!.Item;
        failed.Failure!.Reason.ShouldContain("discord:announce refused the message");
        failed.Failure.Reason.ShouldContain("413");
        (await rig.ChannelAsync("discord:announce"))!.QuarantinedAt.ShouldBeNull(
            "the channel works"
        );

        rig.Server.AnswerWith("1", null);
        (await rig.Store.CommandAsync(id, new Retry("me"), "me", Ct)).Applied.ShouldBeTrue();
        rig.WakeUps.Poke("notify");
        await rig.UntilAsync(() => rig.AllNotifiedAsync(id));

        rig.DiscordMessages()
            .ShouldBe([
                [id.ToString()],
            ]);
        rig.HookItems().ShouldBe([id.ToString()]);
    }
}
