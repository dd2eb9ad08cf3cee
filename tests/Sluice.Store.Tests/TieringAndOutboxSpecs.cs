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
        (await test.Store.AnnouncementsOfAsync(id, CancellationToken.None))
            .Select(a => (a.Channel, a.Status))
            .ShouldBe([
                ("discord", AnnouncementStatus.Waiting),
                ("webhook", AnnouncementStatus.Waiting),
            ]);

        var job = await test.ClaimOneAsync("notify");
        (
            await test.Store.RecordAsync(
                job.Lease,
                new RecordNotification("discord"),
                CancellationToken.None
            )
        ).ShouldBe(LeaseWrite.Applied);

        (await test.Store.AnnouncementsOfAsync(id, CancellationToken.None))
            .Select(a => (a.Channel, a.Status))
            .ShouldBe([
                ("discord", AnnouncementStatus.Sent),
                ("webhook", AnnouncementStatus.Waiting),
            ]);
        await Should.ThrowAsync<InvalidTransitionException>(() =>
            test.Store.RecordAsync(
                job.Lease,
                new RecordNotification("discord"),
                CancellationToken.None
            )
        );
    }
}
