using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class SubmissionSpecs
{
    private const string Path = "Shows/Show/Season 01/Show - S01E01.mkv";

    private static Submit VaultOnly(string path = Path) =>
        new(
            ItemId.New(),
            "Show - S01E01.mkv",
            "vault:" + path,
            10,
            "vault:vault:" + path,
            Step.Encode,
            null,
            path,
            TestStore.Media,
            [new VaultCopy(Artifact.Source, "vault", "vault:" + path, 10, "md5:00")],
            [],
            "api"
        );

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_file_only_in_the_vault_is_an_item_with_an_encode_job_any_encode_node_may_take(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);

        var id = (await test.Store.SubmitAsync(VaultOnly(), CancellationToken.None))
            .ShouldBeOfType<SubmitResult.Created>()
            .Id;

        var view = await test.ViewAsync(id);
        view.Item.State.ShouldBe(ItemState.Tiered);
        view.Job.ShouldNotBeNull().Step.ShouldBe(Step.Encode);
        view.Job.RequiredNode.ShouldBeNull();
        (await test.Store.GetJournalAsync(id, CancellationToken.None))
            .ShouldHaveSingleItem()
            .Type.ShouldBe("submitted");
        (await test.Store.LibraryPathOwnerAsync(Path, CancellationToken.None)).ShouldBe(id);
        (await test.ClaimOneAsync("encode", node: "vps")).Lease.ItemId.ShouldBe(id);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Concurrent_submissions_of_one_source_make_one_item_with_one_job(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);

        var results = await Task.WhenAll(
            Enumerable
                .Range(0, 12)
                .Select(_ =>
                    Task.Run(() => test.Store.SubmitAsync(VaultOnly(), CancellationToken.None))
                )
        );

        var created = results.OfType<SubmitResult.Created>().ShouldHaveSingleItem();
        results
            .OfType<SubmitResult.Existing>()
            .ShouldAllBe(r => r.Id == created.Id && r.Why.Contains("already has"));
        (await test.Store.CountByStateAsync(CancellationToken.None)).Values.Sum().ShouldBe(1);
        (await test.ClaimAsync("encode", node: "vps")).ShouldHaveSingleItem();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_submission_of_a_library_path_an_item_already_has_answers_with_that_item(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync("Show.S01E01.mkv");
        await test.RunAsync(id, new CompleteSanitize(Path, TestStore.Media));

        var again = await test.Store.SubmitAsync(VaultOnly(), CancellationToken.None);

        var existing = again.ShouldBeOfType<SubmitResult.Existing>();
        existing.Id.ShouldBe(id);
        existing.Why.ShouldContain(Path);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_library_file_and_its_vault_path_submitted_at_once_are_one_item(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var local = VaultOnly() with
        {
            Source = "/data/library/" + Path,
            SourceKey = "sha256:local",
            Node = "home",
            Copies = [],
            Entry = Step.Vault,
        };

        var results = await Task.WhenAll(
            Enumerable
                .Range(0, 12)
                .Select(i =>
                    Task.Run(() =>
                        test.Store.SubmitAsync(
                            (i % 2 == 0 ? local : VaultOnly()) with
                            {
                                Id = ItemId.New(),
                            },
                            CancellationToken.None
                        )
                    )
                )
        );

        var created = results.OfType<SubmitResult.Created>().ShouldHaveSingleItem();
        results.OfType<SubmitResult.Existing>().ShouldAllBe(r => r.Id == created.Id);
        (await test.Store.CountByStateAsync(CancellationToken.None)).Values.Sum().ShouldBe(1);
    }
}
