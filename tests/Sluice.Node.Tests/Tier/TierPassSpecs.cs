using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Tests.Support;
using Sluice.Node.Tier;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Testing;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Tests.Tier;

/// <summary>
/// Tiering on real files with a real rclone check of the vault (a local-folder destination); the
/// volume's fill level comes from an injected probe so any watermark can be crossed on demand.
/// </summary>
public sealed class TierPassSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A pretend volume of <paramref name="capacity"/> bytes whose only contents are the library's files.</summary>
    private sealed class LibraryVolume(string library, long capacity) : IFreeSpaceProbe
    {
        public VolumeSpace Measure(string path)
        {
            var used = Directory
                .EnumerateFiles(library, "*", SearchOption.AllDirectories)
                .Sum(f => new FileInfo(f).Length);
            return new VolumeSpace(capacity - used, capacity);
        }
    }

    private static TierPass Pass(NodeHarness node, long capacity, double low, double high) =>
        new(
            node.Store,
            node.Paths,
            new LibraryVolume(node.Paths.Library, capacity),
            new MountInfoVolumes(),
            Verifier(node),
            Options.Create(
                new TierOptions
                {
                    LowWatermarkPercent = low,
                    HighWatermarkPercent = high,
                    MinResidency = TimeSpan.Zero,
                }
            ),
            node.Node,
            NullLogger<TierPass>.Instance
        );

    private static RcloneVaultVerifier Verifier(NodeHarness node) => TierFixtures.Verifier(node);

    /// <summary>A finished item whose 100-byte file is in the library and, verifiably, in the local vault.</summary>
    private static async Task<ItemId> FinishedAsync(
        NodeHarness node,
        string name,
        DateTime lastAccess,
        bool vaulted = true
    )
    {
        var content = Encoding.ASCII.GetBytes(name.PadRight(100, '.'));
        var relative = $"Shows/{name}";
        var library = Path.Combine(node.Paths.Library, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        await File.WriteAllBytesAsync(library, content, Ct);
        var vault = Path.Combine(node.Paths.LocalVault, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(vault)!);
        await File.WriteAllBytesAsync(vault, content, Ct);
        var created = await node.Store.DiscoverAsync(
            new NewItem(name, $"/in/{name}", 100, $"sha256:{name}"),
            Ct
        );
        var id = created.Id;
#pragma warning disable CA5351 // MD5 here is what the vault backend reports, an integrity check, not security.
        var md5 = Convert.ToHexStringLower(MD5.HashData(content));
#pragma warning restore CA5351
        await node.RunAsync(
            id,
            new CompleteSanitize(relative, new MediaSummary("episode", name, 1, [1], null))
        );
        await node.RunAsync(
            id,
            new CompleteVault(
                Artifact.Source,
                vaulted ? [new VaultCopy(Artifact.Source, "local", vault, 100, $"md5:{md5}")] : []
            )
        );
        await node.RunAsync(id, new CompleteTier(0, 0, 0));
        await node.RunAsync(id, new SkipEncode("test"));
        await node.RunAsync(id, new CompleteNotify([]));
        File.SetLastAccessTimeUtc(library, lastAccess);
        File.SetLastWriteTimeUtc(library, lastAccess);
        return id;
    }

    private static readonly DateTime Long = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task Above_the_low_watermark_nothing_is_touched(DialectKind dialect)
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);
        await FinishedAsync(node, "a.mkv", Long);

        var result = await Pass(node, capacity: 1000, low: 50, high: 60).RunAsync(Ct);

        result.EvictedFiles.ShouldBe(0);
        File.Exists(Path.Combine(node.Paths.Library, "Shows/a.mkv")).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task Below_the_low_watermark_the_least_recently_used_go_first_until_the_high_watermark(
        DialectKind dialect
    )
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);
        var oldest = await FinishedAsync(node, "old.mkv", Long);
        var middle = await FinishedAsync(node, "middle.mkv", Long.AddDays(1));
        await FinishedAsync(node, "recent.mkv", Long.AddDays(2));

        // 300 of 400 bytes used: 25% free. Start below 30%, stop at 70%: two files must go.
        var result = await Pass(node, capacity: 400, low: 30, high: 70).RunAsync(Ct);

        result.EvictedFiles.ShouldBe(2);
        result.EvictedBytes.ShouldBe(200);
        PipelineFiles(node).ShouldBe(["Shows/recent.mkv"]);
        (await node.Store.GetItemAsync(oldest, Ct))!.Item.Evicted.ShouldBe([Artifact.Source]);
        var journal = await node.Store.GetJournalAsync(middle, Ct);
        journal[^1].Event.ShouldBe(new LocalCopyEvicted(Artifact.Source, "Shows/middle.mkv", 100));
        File.Exists(Path.Combine(node.Paths.LocalVault, "Shows/old.mkv"))
            .ShouldBeTrue("the vault copy stays");
    }

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task A_file_whose_vault_copy_no_longer_verifies_is_kept(DialectKind dialect)
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);
        await FinishedAsync(node, "truncated.mkv", Long);
        await FinishedAsync(node, "missing.mkv", Long);
        await FinishedAsync(node, "changed.mkv", Long);
        await File.WriteAllBytesAsync(
            Path.Combine(node.Paths.LocalVault, "Shows/truncated.mkv"),
            new byte[50],
            Ct
        );
        File.Delete(Path.Combine(node.Paths.LocalVault, "Shows/missing.mkv"));
        await File.WriteAllBytesAsync(
            Path.Combine(node.Paths.LocalVault, "Shows/changed.mkv"),
            new byte[100],
            Ct
        );

        var result = await Pass(node, capacity: 300, low: 100, high: 100).RunAsync(Ct);

        result.EvictedFiles.ShouldBe(0);
        PipelineFiles(node).Count.ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task Files_of_items_still_in_the_pipeline_or_pinned_are_never_evicted(
        DialectKind dialect
    )
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);
        var pinned = await FinishedAsync(node, "pinned.mkv", Long);
        await node.Store.SetPinnedAsync(pinned, true, Ct);
        var busy = await node.Store.DiscoverAsync(
            new NewItem("busy.mkv", "/in/busy.mkv", 100, "sha256:busy"),
            Ct
        );
        await node.RunAsync(
            busy.Id,
            new CompleteSanitize("Shows/busy.mkv", new MediaSummary("episode", "b", 1, [1], null))
        );
        await File.WriteAllBytesAsync(
            Path.Combine(node.Paths.Library, "Shows/busy.mkv"),
            new byte[100],
            Ct
        );

        var result = await Pass(node, capacity: 200, low: 100, high: 100).RunAsync(Ct);

        result.EvictedFiles.ShouldBe(0);
        PipelineFiles(node).ShouldBe(["Shows/busy.mkv", "Shows/pinned.mkv"]);
    }

    [Theory]
    [MemberData(nameof(NodeHarness.Dialects), MemberType = typeof(NodeHarness))]
    public async Task An_open_file_is_never_evicted(DialectKind dialect)
    {
        await using var node = await NodeHarness.CreateAsync(dialect: dialect);
        await FinishedAsync(node, "playing.mkv", Long);
        await using var reader = File.OpenRead(
            Path.Combine(node.Paths.Library, "Shows/playing.mkv")
        );

        var result = await Pass(node, capacity: 100, low: 100, high: 100).RunAsync(Ct);

        result.EvictedFiles.ShouldBe(0);
    }

    private static List<string> PipelineFiles(NodeHarness node) =>
        [
            .. Directory
                .EnumerateFiles(node.Paths.Library, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(node.Paths.Library, f))
                .Order(StringComparer.Ordinal),
        ];
}
