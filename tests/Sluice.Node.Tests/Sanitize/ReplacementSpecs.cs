using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Sanitize;
using Sluice.Node.Tests.Support;
using Sluice.Store;
using Sluice.Testing;
using Sluice.Testing.Media;

namespace Sluice.Node.Tests.Sanitize;

/// <summary>Naming:OnConflict = ReplaceIfBetter, with real clips, real ffprobe and a real rclone vault (a local folder).</summary>
public sealed class ReplacementSpecs
{
    private const string Name = "Shows/The Show/Season 01/The Show - S01E01.mkv";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A finished item holding <see cref="Name"/>: its clip in the library and, verified, in the local vault.</summary>
    private static async Task<(ItemId Id, long Size)> FinishedAsync(NodeHarness node, int height)
    {
        using var scratch = new TempDirectory("sluice-old");
        var clip = await TestClips.CreateAsync(
            scratch.Path,
            "old.mkv",
            new ClipOptions { Width = height * 16 / 9, Height = height },
            Ct
        );
        var bytes = await File.ReadAllBytesAsync(clip, Ct);
        foreach (var root in new[] { node.Paths.Library, node.Paths.LocalVault })
        {
            var at = Path.Combine(root, Name);
            Directory.CreateDirectory(Path.GetDirectoryName(at)!);
            await File.WriteAllBytesAsync(at, bytes, Ct);
        }

        var key = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
#pragma warning disable CA5351 // MD5 is what the vault backend reports: an integrity check, not security.
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
        var id = (
            await node.Store.DiscoverAsync(
                new NewItem("old.mkv", "/in/old.mkv", bytes.Length, key),
                Ct
            )
        ).Id;
        var vault = Path.Combine(node.Paths.LocalVault, Name);
        await node.RunAsync(
            id,
            new CompleteSanitize(Name, new MediaSummary("episode", "The Show", 1, [1], null))
        );
        await node.RunAsync(
            id,
            new CompleteVault(
                Artifact.Source,
                [new VaultCopy(Artifact.Source, "local", vault, bytes.Length, $"md5:{md5}")]
            )
        );
        await node.RunAsync(id, new CompleteTier(0, 0, 0));
        await node.RunAsync(id, new SkipEncode("test"));
        await node.RunAsync(id, new CompleteNotify([]));
        return (id, bytes.Length);
    }

    private static async Task<string> IncomingClipAsync(NodeHarness node, int height)
    {
        var clip = await TestClips.CreateAsync(
            node.Paths.Incoming,
            "The.Show.S01E01.1080p.WEB.x264-GRP.mkv",
            new ClipOptions
            {
                Width = height * 16 / 9,
                Height = height,
                AudioLanguages = ["eng"],
            },
            Ct
        );
        return clip;
    }

    [Fact]
    public async Task A_better_file_takes_the_name_and_the_old_one_is_kept_in_the_vault_under_a_superseded_name()
    {
        await using var node = await NodeHarness.CreateAsync();
        var (old, oldSize) = await FinishedAsync(node, 90);
        var incoming = await IncomingClipAsync(node, 180);
        var newBytes = await File.ReadAllBytesAsync(incoming, Ct);

        var item = await SanitizeSpecs.SanitizeWithPolicyAsync(
            node,
            incoming,
            ConflictPolicy.ReplaceIfBetter
        );

        item.LibraryPath.ShouldBe(Name);
        (await File.ReadAllBytesAsync(Path.Combine(node.Paths.Library, Name), Ct)).ShouldBe(
            newBytes
        );
        var superseded = (await node.Store.GetItemAsync(old, Ct))!.Item;
        superseded.LibraryPath.ShouldNotBeNull().ShouldContain("(superseded ");
        superseded.Evicted.ShouldContain(Artifact.Source);
        File.Exists(Path.Combine(node.Paths.LocalVault, Name))
            .ShouldBeFalse("the name is free in the vault for the new file");
        new FileInfo(Path.Combine(node.Paths.LocalVault, superseded.LibraryPath)).Length.ShouldBe(
            oldSize,
            "the old file is kept in the vault"
        );
        superseded.Copies.ShouldHaveSingleItem().RemotePath.ShouldEndWith(superseded.LibraryPath);
        (await node.Store.GetJournalAsync(item.Id, Ct))
            .Select(e => e.Type)
            .ShouldContain("replacement-planned");
    }

    [Fact]
    public async Task A_file_no_better_than_the_one_holding_the_name_gets_a_suffix_instead()
    {
        await using var node = await NodeHarness.CreateAsync();
        var (old, _) = await FinishedAsync(node, 180);
        var incoming = await IncomingClipAsync(node, 90);

        var item = await SanitizeSpecs.SanitizeWithPolicyAsync(
            node,
            incoming,
            ConflictPolicy.ReplaceIfBetter
        );

        item.LibraryPath.ShouldBe("Shows/The Show/Season 01/The Show - S01E01 (2).mkv");
        (await node.Store.GetItemAsync(old, Ct))!.Item.LibraryPath.ShouldBe(Name);
        File.Exists(Path.Combine(node.Paths.LocalVault, Name)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_pinned_item_keeps_its_name()
    {
        await using var node = await NodeHarness.CreateAsync();
        var (old, _) = await FinishedAsync(node, 90);
        await node.Store.SetPinnedAsync(old, true, Ct);
        var incoming = await IncomingClipAsync(node, 180);

        var item = await SanitizeSpecs.SanitizeWithPolicyAsync(
            node,
            incoming,
            ConflictPolicy.ReplaceIfBetter
        );

        item.LibraryPath.ShouldBe("Shows/The Show/Season 01/The Show - S01E01 (2).mkv");
    }

    [Fact]
    public async Task A_replacement_cut_short_after_the_vault_move_is_finished_by_the_next_attempt()
    {
        await using var node = await NodeHarness.CreateAsync();
        var (old, oldSize) = await FinishedAsync(node, 90);
        var incoming = await IncomingClipAsync(node, 180);
        (await node.Ingestor().IngestAsync(incoming, Ct)).ShouldBe(
            Sluice.Node.Incoming.IngestOutcome.Taken
        );
        var first = (
            await node.Store.ClaimAsync(
                new ClaimRequest("test", "sanitize", 1, TimeSpan.FromMinutes(1)),
                Ct
            )
        ).Single();
        var moved = "Shows/The Show/Season 01/The Show - S01E01 (superseded 2026-01-01 000000).mkv";
        // The first attempt planned, moved the vault copy, then the node died.
        await new StepContext(first, node.Store).RecordAsync(
            new PlanReplacement(new Replacement(old, Name, moved)),
            Ct
        );
        File.Move(
            Path.Combine(node.Paths.LocalVault, Name),
            Path.Combine(node.Paths.LocalVault, moved)
        );
        await node.Store.RescueOwnAsync("test", Ct);

        var second = (
            await node.Store.ClaimAsync(
                new ClaimRequest("test", "sanitize", 1, TimeSpan.FromMinutes(1)),
                Ct
            )
        ).Single();
        var outcome = await SanitizeSpecs
            .HandlerFor(node, ConflictPolicy.KeepBoth)
            .RunAsync(new StepContext(second, node.Store), Ct);

        outcome
            .ShouldBeOfType<CompleteSanitize>()
            .LibraryPath.ShouldBe(Name, "the plan is finished whatever the policy is now");
        var superseded = (await node.Store.GetItemAsync(old, Ct))!.Item;
        superseded.LibraryPath.ShouldBe(moved);
        new FileInfo(Path.Combine(node.Paths.LocalVault, moved)).Length.ShouldBe(oldSize);
    }
}
