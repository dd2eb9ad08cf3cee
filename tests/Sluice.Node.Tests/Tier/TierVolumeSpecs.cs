using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Tests.Support;
using Sluice.Node.Tier;
using static Sluice.Node.Tests.Tier.TierFixtures;

namespace Sluice.Node.Tests.Tier;

/// <summary>
/// Tiering on real small filesystems (tmpfs mounts when the test may mount, folders posing as
/// volumes otherwise): real free space, real files, a real rclone check of the vault.
/// </summary>
public sealed class TierVolumeSpecs
{
    private const int MiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TierPass Pass(NodeHarness node, SmallVolumes volumes, TierOptions options) =>
        new(
            node.Store,
            node.Paths,
            volumes.Probe,
            volumes.Map,
            Verifier(node),
            Options.Create(options),
            node.Node,
            NullLogger<TierPass>.Instance
        );

    [Fact]
    public async Task On_a_small_filesystem_the_least_recently_used_go_until_real_free_space_is_above_the_high_watermark()
    {
        await using var node = await NodeHarness.CreateAsync();
        using var volumes = SmallVolumes.At((node.Paths.Library, 16 * MiB));
        var pinned = await FinishedAsync(node, "pinned.mkv", 2 * MiB, Long, Ct);
        await node.Store.SetPinnedAsync(pinned, true, Ct);
        await FinishedAsync(node, "open.mkv", 2 * MiB, Long.AddDays(1), Ct);
        await FinishedAsync(node, "unvaulted.mkv", 2 * MiB, Long.AddDays(2), Ct, vaulted: false);
        var older = await FinishedAsync(node, "older.mkv", 2 * MiB, Long.AddDays(3), Ct);
        await FinishedAsync(node, "newer.mkv", 2 * MiB, Long.AddDays(5), Ct);
        var touched = await FinishedAsync(node, "touched.mkv", 2 * MiB, Long.AddDays(4), Ct);
        await node.Store.RecordAccessAsync(touched, Ct); // Sluice read it just now
        await using var reader = File.OpenRead(Path.Combine(node.Paths.Library, "Shows/open.mkv"));
        volumes.Probe.Measure(node.Paths.Library).FreePercent.ShouldBeLessThan(35);

        var result = await Pass(node, volumes, new TierOptions { MinResidency = TimeSpan.Zero })
            .RunAsync(Ct);

        // 12 of 16 MiB used (25% free): the defaults start below 35% and stop at 40%.
        LibraryFiles(node)
            .ShouldBe([
                "Shows/open.mkv",
                "Shows/pinned.mkv",
                "Shows/touched.mkv",
                "Shows/unvaulted.mkv",
            ]);
        result.EvictedFiles.ShouldBe(2);
        result.EvictedBytes.ShouldBe(4 * MiB);
        volumes.Probe.Measure(node.Paths.Library).FreePercent.ShouldBeGreaterThanOrEqualTo(40);
        result.After.FreePercent.ShouldBeGreaterThanOrEqualTo(40);
        (await node.Store.GetJournalAsync(older, Ct))[^1]
            .Event.ShouldBe(new LocalCopyEvicted(Artifact.Source, "Shows/older.mkv", 2 * MiB));
        if (volumes.Real)
        {
            new MountInfoVolumes()
                .Mounts()
                .Of(node.Paths.Library)
                .MountPoint.ShouldBe(Path.GetFullPath(node.Paths.Library));
        }
    }

    [Fact]
    public async Task Each_volume_is_measured_and_evicted_on_its_own_to_its_own_watermarks()
    {
        await using var node = await NodeHarness.CreateAsync();
        var encoded = Path.Combine(node.Paths.Library, "Encoded");
        using var volumes = SmallVolumes.At((node.Paths.Library, 16 * MiB), (encoded, 8 * MiB));
        var oldest = await FinishedAsync(node, "a.mkv", 2 * MiB, Long, Ct, encodedBytes: 2 * MiB);
        await FinishedAsync(node, "b.mkv", 2 * MiB, Long.AddDays(1), Ct, encodedBytes: 2 * MiB);
        await FinishedAsync(node, "c.mkv", 2 * MiB, Long.AddDays(2), Ct, encodedBytes: 2 * MiB);
        var options = new TierOptions
        {
            MinResidency = TimeSpan.Zero,
            Volumes =
            [
                new TierVolumeOptions
                {
                    Path = encoded,
                    LowWatermarkPercent = 30,
                    HighWatermarkPercent = 60,
                },
            ],
        };

        var result = await Pass(node, volumes, options).RunAsync(Ct);

        // The library volume (10 of 16 MiB free) is above 35%: its older sources stay. The
        // encoded volume (2 of 8 MiB free) is below its own 30%: outputs go until 60% is free.
        LibraryFiles(node)
            .ShouldBe(["Encoded/Shows/c.mkv.mp4", "Shows/a.mkv", "Shows/b.mkv", "Shows/c.mkv"]);
        result.Volumes.Count.ShouldBe(2);
        var library = result.Volumes.Single(v => v.Volume.MountPoint == node.Paths.Library);
        library.EvictedFiles.ShouldBe(0);
        library.Watermarks.ShouldBe(new Watermarks(35, 40));
        var outputs = result.Volumes.Single(v => v.Volume.MountPoint == encoded);
        outputs.Watermarks.ShouldBe(new Watermarks(30, 60));
        outputs.EvictedBytes.ShouldBe(4 * MiB);
        volumes.Probe.Measure(encoded).FreePercent.ShouldBeGreaterThanOrEqualTo(60);
        (await node.Store.GetItemAsync(oldest, Ct))!.Item.Evicted.ShouldBe([Artifact.Encoded]);
        (await node.Store.GetJournalAsync(oldest, Ct))[^1]
            .Event.ShouldBe(
                new LocalCopyEvicted(Artifact.Encoded, "Encoded/Shows/a.mkv.mp4", 2 * MiB)
            );
    }
}
