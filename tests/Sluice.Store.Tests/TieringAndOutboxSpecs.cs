using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class TieringAndOutboxSpecs
{
    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Only_finished_items_that_rested_long_enough_are_eviction_candidates(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var done = await test.NotifiedItemAsync("done.mkv");
        await test.DiscoverAsync("busy.mkv");

        (
            await test.Store.EvictionCandidatesAsync(test.Lease, CancellationToken.None)
        ).ShouldBeEmpty();
        await test.AdvanceAsync(test.Lease);

        var candidates = await test.Store.EvictionCandidatesAsync(
            test.Lease,
            CancellationToken.None
        );
        candidates.ShouldHaveSingleItem().Item.Id.ShouldBe(done);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_pinned_item_is_never_a_candidate(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.NotifiedItemAsync();

        await test.Store.SetPinnedAsync(id, true, CancellationToken.None);

        (
            await test.Store.EvictionCandidatesAsync(TimeSpan.Zero, CancellationToken.None)
        ).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task An_eviction_is_journaled_once(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.NotifiedItemAsync();

        (
            await test.Store.RecordEvictionAsync(
                id,
                Artifact.Source,
                10,
                "home",
                CancellationToken.None
            )
        ).Applied.ShouldBeTrue();
        var again = await test.Store.RecordEvictionAsync(
            id,
            Artifact.Source,
            10,
            "home",
            CancellationToken.None
        );

        again.Applied.ShouldBeFalse();
        (await test.ViewAsync(id)).Item.Evicted.ShouldBe([Artifact.Source]);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Each_channel_gets_one_outbox_row_and_a_sent_channel_is_no_longer_pending(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, channels: ["discord", "webhook"]);
        var id = await test.DiscoverAsync();
        await test.RunAsync(id, new CompleteSanitize("Shows/a.mkv", TestStore.Media));
        await test.RunAsync(
            id,
            new CompleteVault(Artifact.Source, [TestStore.Copy(Artifact.Source)])
        );
        await test.RunAsync(id, new CompleteTier(1, 0, 0));
        await test.RunAsync(id, new SkipEncode("nothing"));
        (await test.Store.PendingChannelsAsync(id, CancellationToken.None)).ShouldBe([
            "discord",
            "webhook",
        ]);

        var job = await test.ClaimOneAsync("notify");
        (
            await test.Store.RecordAsync(
                job.Lease,
                new RecordNotification("discord"),
                CancellationToken.None
            )
        ).ShouldBe(LeaseWrite.Applied);

        (await test.Store.PendingChannelsAsync(id, CancellationToken.None)).ShouldBe(["webhook"]);
        await Should.ThrowAsync<InvalidTransitionException>(() =>
            test.Store.RecordAsync(
                job.Lease,
                new RecordNotification("discord"),
                CancellationToken.None
            )
        );
    }
}

public sealed class OutboxDeliverySpecs
{
    private static async Task<(TestStore Test, ItemId Id, ClaimedJob Job)> AtNotifyAsync(
        DialectKind kind
    )
    {
        var test = await TestStore.CreateAsync(kind, channels: ["discord"]);
        var id = await test.DiscoverAsync();
        await test.RunAsync(id, new CompleteSanitize("Shows/a.mkv", TestStore.Media));
        await test.RunAsync(
            id,
            new CompleteVault(Artifact.Source, [TestStore.Copy(Artifact.Source)])
        );
        await test.RunAsync(id, new CompleteTier(1, 0, 0));
        await test.RunAsync(id, new SkipEncode("nothing"));
        return (test, id, await test.ClaimOneAsync("notify"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_send_cut_short_by_a_crash_is_recorded_as_unconfirmed_and_never_repeated(
        DialectKind kind
    )
    {
        var (test, id, job) = await AtNotifyAsync(kind);
        await using var _ = test;
        (await test.Store.BeginSendAsync(job.Lease, "discord", CancellationToken.None)).ShouldBe(
            SendDecision.Send
        );

        // The node dies here: the request may have reached the server.
        await test.Store.RescueOwnAsync("home", CancellationToken.None);
        var next = await test.ClaimOneAsync("notify");

        (await test.Store.BeginSendAsync(next.Lease, "discord", CancellationToken.None)).ShouldBe(
            SendDecision.Unconfirmed
        );
        (await test.Store.PendingChannelsAsync(id, CancellationToken.None)).ShouldBeEmpty();
        var journal = await test.Store.GetJournalAsync(id, CancellationToken.None);
        journal[^1].Event.ShouldBe(new NotificationSent("discord", Unconfirmed: true));
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_send_that_failed_with_an_answer_is_sent_again_on_retry(DialectKind kind)
    {
        var (test, _, job) = await AtNotifyAsync(kind);
        await using var _ = test;
        await test.Store.BeginSendAsync(job.Lease, "discord", CancellationToken.None);

        await test.Store.AbortSendAsync(job.Lease, "discord", "HTTP 500", CancellationToken.None);
        await test.Store.FailAsync(job.Lease, "HTTP 500", false, CancellationToken.None);
        await test.AdvanceAsync(test.BackoffMax + test.Margin);
        var retry = await test.ClaimOneAsync("notify");

        (await test.Store.BeginSendAsync(retry.Lease, "discord", CancellationToken.None)).ShouldBe(
            SendDecision.Send
        );
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_confirmed_channel_is_done_and_a_stale_lease_cannot_start_a_send(
        DialectKind kind
    )
    {
        var (test, _, job) = await AtNotifyAsync(kind);
        await using var _ = test;
        await test.Store.BeginSendAsync(job.Lease, "discord", CancellationToken.None);
        await test.Store.RecordAsync(
            job.Lease,
            new RecordNotification("discord"),
            CancellationToken.None
        );

        (await test.Store.BeginSendAsync(job.Lease, "discord", CancellationToken.None)).ShouldBe(
            SendDecision.Done
        );
        await test.Store.RescueOwnAsync("home", CancellationToken.None);
        (await test.Store.BeginSendAsync(job.Lease, "discord", CancellationToken.None)).ShouldBe(
            SendDecision.LeaseLost
        );
    }
}
