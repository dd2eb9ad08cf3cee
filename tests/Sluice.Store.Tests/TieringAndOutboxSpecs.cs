using Sluice.Domain.Items;

namespace Sluice.Store.Tests;

public sealed class TieringAndOutboxSpecs
{
    [Fact]
    public async Task Only_finished_items_that_rested_long_enough_are_eviction_candidates()
    {
        await using var test = await TestStore.CreateAsync();
        var done = await test.NotifiedItemAsync("done.mkv");
        await test.DiscoverAsync("busy.mkv");

        (
            await test.Store.EvictionCandidatesAsync(TimeSpan.FromHours(1), CancellationToken.None)
        ).ShouldBeEmpty();
        test.Clock.Advance(TimeSpan.FromHours(1));

        var candidates = await test.Store.EvictionCandidatesAsync(
            TimeSpan.FromHours(1),
            CancellationToken.None
        );
        candidates.ShouldHaveSingleItem().Id.ShouldBe(done);
    }

    [Fact]
    public async Task A_pinned_item_is_never_a_candidate()
    {
        await using var test = await TestStore.CreateAsync();
        var id = await test.NotifiedItemAsync();

        await test.Store.SetPinnedAsync(id, true, CancellationToken.None);

        (
            await test.Store.EvictionCandidatesAsync(TimeSpan.Zero, CancellationToken.None)
        ).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_eviction_is_journaled_once()
    {
        await using var test = await TestStore.CreateAsync();
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

    [Fact]
    public async Task Each_channel_gets_one_outbox_row_and_a_sent_channel_is_no_longer_pending()
    {
        await using var test = await TestStore.CreateAsync(channels: ["discord", "webhook"]);
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
