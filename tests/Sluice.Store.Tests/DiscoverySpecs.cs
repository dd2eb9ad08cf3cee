using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class DiscoverySpecs
{
    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_discovered_file_is_an_incoming_item_with_one_sanitize_job(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);

        var id = await test.DiscoverAsync();

        var view = await test.ViewAsync(id);
        view.Item.State.ShouldBe(ItemState.Incoming);
        view.Job.ShouldNotBeNull().Step.ShouldBe(Step.Sanitize);
        view.Job.State.ShouldBe("available");
        (await test.Store.GetJournalAsync(id, CancellationToken.None))
            .ShouldHaveSingleItem()
            .Type.ShouldBe("discovered");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task The_same_content_discovered_again_is_the_existing_item(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync("a.mkv", key: "sha256:same");

        var again = await test.Store.DiscoverAsync(
            new NewItem("b.mkv", "/in/b.mkv", 10, "sha256:same"),
            CancellationToken.None
        );

        var existing = again.ShouldBeOfType<DiscoverResult.Existing>();
        existing.Id.ShouldBe(id);
        existing.IncomingPath.ShouldBe("/in/a.mkv");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Concurrent_duplicate_discoveries_make_one_item_with_one_active_job(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);

        var results = await Task.WhenAll(
            Enumerable
                .Range(0, 16)
                .Select(_ =>
                    Task.Run(() =>
                        test.Store.DiscoverAsync(
                            new NewItem("a.mkv", "/in/a.mkv", 10, "sha256:dup"),
                            CancellationToken.None
                        )
                    )
                )
        );

        results.OfType<DiscoverResult.Created>().Count().ShouldBe(1);
        results.Select(r => r.Id).Distinct().ShouldHaveSingleItem();
        var jobs = await test.ClaimAsync("sanitize");
        jobs.ShouldHaveSingleItem();
    }
}
