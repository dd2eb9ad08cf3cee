using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class PinAndAccessSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_pin_and_an_unpin_are_events_on_the_timeline_and_the_candidate_list_follows(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.NotifiedItemAsync();

        (await test.Store.SetPinnedAsync(id, true, Ct, by: "alice")).Applied.ShouldBeTrue();

        (await test.Store.IsPinnedAsync(id, Ct)).ShouldBeTrue();
        (await test.Store.GetItemAsync(id, Ct))!.Item.Pinned.ShouldBeTrue();
        (await test.Store.EvictionCandidatesAsync(TimeSpan.Zero, Ct)).ShouldBeEmpty();
        var journal = await test.Store.GetJournalAsync(id, Ct);
        journal[^1].Event.ShouldBe(new Pinned("alice"));
        journal[^1].Node.ShouldBe("alice");

        (await test.Store.SetPinnedAsync(id, true, Ct)).Rejection!.ShouldContain("already pinned");
        (await test.Store.SetPinnedAsync(id, false, Ct)).Applied.ShouldBeTrue();

        (await test.Store.IsPinnedAsync(id, Ct)).ShouldBeFalse();
        (await test.Store.EvictionCandidatesAsync(TimeSpan.Zero, Ct))
            .ShouldHaveSingleItem()
            .Item.Id.ShouldBe(id);
        (await test.Store.GetJournalAsync(id, Ct))[^1].Event.ShouldBe(new Unpinned("operator"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_pinned_item_refuses_an_eviction_record(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.NotifiedItemAsync();
        await test.Store.SetPinnedAsync(id, true, Ct);

        var result = await test.Store.RecordEvictionAsync(id, Artifact.Source, 10, "home", Ct);

        result.Applied.ShouldBeFalse();
        result.Rejection!.ShouldContain("pinned");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Sluices_own_reads_are_recorded_as_the_items_last_access(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.NotifiedItemAsync();
        (await test.Store.EvictionCandidatesAsync(TimeSpan.Zero, Ct))
            .ShouldHaveSingleItem()
            .LastAccess.ShouldBeNull();

        (await test.Store.RecordAccessAsync(id, Ct)).ShouldBeTrue();
        var now = await test.NowAsync();

        var access = (await test.Store.EvictionCandidatesAsync(TimeSpan.Zero, Ct))
            .ShouldHaveSingleItem()
            .LastAccess.ShouldNotBeNull();
        (now - access).ShouldBeLessThan(TimeSpan.FromMinutes(1));
        (access - now).ShouldBeLessThan(TimeSpan.FromMinutes(1));
        (await test.Store.RecordAccessAsync(ItemId.New(), Ct)).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Residency_counts_from_when_the_item_finished_not_from_its_last_change(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.NotifiedItemAsync();
        await test.AdvanceAsync(test.Lease);

        await test.Store.SetPinnedAsync(id, true, Ct);
        await test.Store.SetPinnedAsync(id, false, Ct);

        (await test.Store.EvictionCandidatesAsync(test.Lease, Ct))
            .ShouldHaveSingleItem()
            .Item.Id.ShouldBe(id);
    }
}
