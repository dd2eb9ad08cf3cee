using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class ItemQuerySpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Items_filter_by_stage_node_running_and_literal_text_and_count_past_the_page(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, maxAttempts: 1);
        var done = await test.NotifiedItemAsync("Done_100%.mkv");
        await test.AdvanceAsync(TimeSpan.FromMilliseconds(10));
        var failed = await test.DiscoverAsync("Broken.mkv");
        await test.RunAsync(failed, new CompleteSanitize("Shows/Broken.mkv", TestStore.Media));
        var job = await test.ClaimOneAsync("vault", node: "home");
        await test.Store.FailAsync(job.Lease, "remote gone", permanent: true, Ct);
        await test.AdvanceAsync(TimeSpan.FromMilliseconds(10));
        var running = await test.DiscoverAsync("Running.mkv");
        await test.ClaimOneAsync("sanitize", node: "vps");
        await test.AdvanceAsync(TimeSpan.FromMilliseconds(10));
        var waiting = await test.DiscoverAsync("DoneX100.mkv");

        async Task<IReadOnlyList<ItemId>> Ids(ItemQuery query) =>
            [.. (await test.Store.ListItemsAsync(query, Ct)).Select(v => v.Item.Id)];

        (await Ids(new ItemQuery(Stage: "vault"))).ShouldBe([failed], "failed at vault");
        (await Ids(new ItemQuery(Stage: "sanitize"))).ShouldBe([waiting, running]);
        (await Ids(new ItemQuery(Stage: "nosuch"))).ShouldBeEmpty();
        (await Ids(new ItemQuery(Node: "vps"))).ShouldBe([running]);
        (await Ids(new ItemQuery(Running: true))).ShouldBe([running]);
        (await Ids(new ItemQuery(Text: "_100%"))).ShouldBe([done], "% and _ are literal");
        (await Ids(new ItemQuery(State: ItemState.Failed, Stage: "vault"))).ShouldBe([failed]);
        (await Ids(new ItemQuery(Limit: 2, Offset: 1))).ShouldBe([running, failed]);
        (await test.Store.CountItemsAsync(new ItemQuery(Limit: 1), Ct)).ShouldBe(4);
        (await test.Store.CountItemsAsync(new ItemQuery(Stage: "sanitize"), Ct)).ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Skipping_a_failed_item_ahead_queues_the_chosen_step(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, maxAttempts: 1);
        var id = await test.DiscoverAsync("a.mkv");
        await test.RunAsync(id, new CompleteSanitize("Shows/a.mkv", TestStore.Media));
        await test.RunAsync(
            id,
            new CompleteVault(Artifact.Source, [TestStore.Copy(Artifact.Source)])
        );
        await test.RunAsync(id, new CompleteTier(1, 0, 0));
        var job = await test.ClaimOneAsync("encode");
        await test.Store.FailAsync(job.Lease, "unreadable", permanent: true, Ct);

        var result = await test.Store.CommandAsync(id, new SkipTo(Step.Notify, "api"), "api", Ct);

        result.Applied.ShouldBeTrue(result.Rejection);
        var view = await test.ViewAsync(id);
        view.Item.State.ShouldBe(ItemState.Encoded);
        view.Job.ShouldNotBeNull().Step.ShouldBe(Step.Notify);
        (await test.Store.GetJournalAsync(id, Ct))[^1].Event.ShouldBeOfType<Skipped>();
    }
}
