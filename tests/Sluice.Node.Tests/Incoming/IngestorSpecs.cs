using Sluice.Domain.Items;
using Sluice.Node.Incoming;
using Sluice.Node.Tests.Support;
using Sluice.Testing;

namespace Sluice.Node.Tests.Incoming;

public sealed class IngestorSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task A_complete_file_becomes_an_item_waiting_for_sanitize(DialectKind dialect)
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);
        var path = Path.Combine(node.Paths.Incoming, "Show.S01E01.mkv");
        await File.WriteAllTextAsync(path, "video bytes", Ct);

        (await node.Ingestor().IngestAsync(path, Ct)).ShouldBe(IngestOutcome.Taken);

        var item = (await node.ItemsAsync()).ShouldHaveSingleItem();
        item.Item.State.ShouldBe(ItemState.Incoming);
        item.Item.SourceKey.ShouldStartWith("sha256:");
        item.Job!.Step.ShouldBe(Step.Sanitize);
    }

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task The_same_file_reported_twice_is_taken_once(DialectKind dialect)
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);
        var path = Path.Combine(node.Paths.Incoming, "Show.S01E01.mkv");
        await File.WriteAllTextAsync(path, "video bytes", Ct);

        await node.Ingestor().IngestAsync(path, Ct);
        (await node.Ingestor().IngestAsync(path, Ct)).ShouldBe(IngestOutcome.Taken);

        (await node.ItemsAsync()).ShouldHaveSingleItem();
        File.Exists(path).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task The_same_content_under_another_name_is_one_item_and_the_copy_is_kept_aside(
        DialectKind dialect
    )
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);
        var first = Path.Combine(node.Paths.Incoming, "Show.S01E01.mkv");
        var second = Path.Combine(node.Paths.Incoming, "again", "Show.S01E01.copy.mkv");
        Directory.CreateDirectory(Path.GetDirectoryName(second)!);
        await File.WriteAllTextAsync(first, "same bytes", Ct);
        await File.WriteAllTextAsync(second, "same bytes", Ct);

        await node.Ingestor().IngestAsync(first, Ct);
        (await node.Ingestor().IngestAsync(second, Ct)).ShouldBe(IngestOutcome.SetAside);

        var item = (await node.ItemsAsync()).ShouldHaveSingleItem();
        File.Exists(second).ShouldBeFalse();
        var kept = Path.Combine(node.Paths.Duplicates, "again", "Show.S01E01.copy.mkv");
        (await File.ReadAllTextAsync(kept, Ct)).ShouldBe("same bytes");
        var journal = await node.Store.GetJournalAsync(item.Item.Id, Ct);
        journal[^1].Event.ShouldBe(new DuplicateSeen(second, kept));
    }

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task A_duplicate_never_replaces_an_earlier_duplicate(DialectKind dialect)
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);
        await File.WriteAllTextAsync(Path.Combine(node.Paths.Incoming, "a.mkv"), "same", Ct);
        await node.Ingestor().IngestAsync(Path.Combine(node.Paths.Incoming, "a.mkv"), Ct);
        await File.WriteAllTextAsync(
            Path.Combine(node.Paths.Duplicates, "b.mkv"),
            "an older duplicate",
            Ct
        );
        await File.WriteAllTextAsync(Path.Combine(node.Paths.Incoming, "b.mkv"), "same", Ct);

        await node.Ingestor().IngestAsync(Path.Combine(node.Paths.Incoming, "b.mkv"), Ct);

        (await File.ReadAllTextAsync(Path.Combine(node.Paths.Duplicates, "b.mkv"), Ct)).ShouldBe(
            "an older duplicate"
        );
        (
            await File.ReadAllTextAsync(Path.Combine(node.Paths.Duplicates, "b (2).mkv"), Ct)
        ).ShouldBe("same");
    }

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task A_file_that_vanished_is_not_an_item(DialectKind dialect)
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);

        (
            await node.Ingestor().IngestAsync(Path.Combine(node.Paths.Incoming, "gone.mkv"), Ct)
        ).ShouldBe(IngestOutcome.Vanished);

        (await node.ItemsAsync()).ShouldBeEmpty();
    }
}
