using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Health;
using Sluice.Node.Tests.Support;
using Sluice.Node.Tier;
using Sluice.Node.Vault;
using Sluice.Testing.Rclone;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Tests.Health;

/// <summary>Stages never act on a location that is gone, and ingest pauses before a disk fills with nowhere to evict to.</summary>
public sealed class LocationMonitorSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class FixedVolume : IFreeSpaceProbe
    {
        public double FreePercent { get; set; } = 50;

        public VolumeSpace Measure(string path) => new((long)(FreePercent * 1000), 100_000);
    }

    private static LocationMonitor Monitor(
        NodeHarness node,
        IFreeSpaceProbe space,
        string? rcloneConfig = null,
        string remote = "",
        HealthOptions? health = null
    )
    {
        var rclone = new RcloneClient(
            new ProcessRunner(
                TimeProvider.System,
                new ProcessRunnerOptions { OwnerTag = "health-test" }
            ),
            new RcloneOptions { ConfigPath = rcloneConfig }
        );
        var vault = new VaultOptions
        {
            Destinations =
                remote.Length == 0
                    ? []
                    : [new VaultDestinationOptions { Name = "cloud", Remote = remote }],
        };
        return new LocationMonitor(
            node.Paths,
            new VaultDestinations(Options.Create(vault), node.Paths, rclone),
            rclone,
            space,
            node.Store,
            Options.Create(health ?? new HealthOptions { ProbeTimeout = TimeSpan.FromSeconds(10) }),
            TimeProvider.System,
            NullLogger<LocationMonitor>.Instance
        );
    }

    [Fact]
    public async Task A_library_whose_sentinel_vanished_closes_every_stage_that_touches_it_until_it_is_back()
    {
        await using var node = await NodeHarness.CreateAsync();
        var monitor = Monitor(node, new FixedVolume());
        await monitor.ProbeAsync(Ct);
        monitor.Locations.ShouldAllBe(l => l.Healthy);
        var sentinel = Path.Combine(node.Paths.Library, LocationMonitor.SentinelName);
        File.Exists(sentinel).ShouldBeTrue();

        File.Delete(sentinel); // what an unmounted disk looks like: the mount point is an empty folder
        await monitor.ProbeAsync(Ct);

        foreach (var queue in new[] { "incoming", "sanitize", "vault", "encode", "tier" })
        {
            monitor.ClosedReason(queue).ShouldNotBeNull().ShouldContain("sentinel");
        }

        monitor.ClosedReason("notify").ShouldBeNull();
        monitor.Locations.Single(l => l.Kind == "library").Healthy.ShouldBeFalse();

        await File.WriteAllTextAsync(sentinel, "back", Ct);
        await monitor.ProbeAsync(Ct);

        monitor.ClosedReason("vault").ShouldBeNull();
        monitor.IngestClosedReason.ShouldBeNull();
    }

    [Fact]
    public async Task A_union_that_does_not_show_the_library_stops_tiering_only()
    {
        await using var node = await NodeHarness.CreateAsync();
        var union = Path.Combine(node.Root, "union");
        Directory.CreateDirectory(union);
        var monitor = Monitor(
            node,
            new FixedVolume(),
            health: new HealthOptions { Union = union, ProbeTimeout = TimeSpan.FromSeconds(5) }
        );

        await monitor.ProbeAsync(Ct);

        monitor.ClosedReason("tier").ShouldNotBeNull().ShouldContain("union");
        monitor.ClosedReason("vault").ShouldBeNull();
        monitor.IngestClosedReason.ShouldBeNull();
    }

    [Fact]
    public async Task Under_the_hard_floor_ingest_and_encode_pause_only_while_the_vault_cannot_take_uploads()
    {
        await using var node = await NodeHarness.CreateAsync();
        using var sftp = await RcloneSftpServer.StartAsync(Ct);
        var volume = new FixedVolume { FreePercent = 3 };
        var monitor = Monitor(node, volume, sftp.ConfigPath, "vault:media");

        await monitor.ProbeAsync(Ct);
        monitor.IngestClosedReason.ShouldBeNull("the vault works, so tiering can free space");

        sftp.Stop();
        await monitor.ProbeAsync(Ct);

        monitor.IngestClosedReason.ShouldNotBeNull().ShouldContain("hard floor");
        monitor.ClosedReason("encode").ShouldNotBeNull();
        monitor.ClosedReason("vault").ShouldBeNull("uploads keep trying: they are the way out");
        monitor.Locations.Single(l => l.Kind == "vault").Healthy.ShouldBeFalse();

        volume.FreePercent = 20;
        await monitor.ProbeAsync(Ct);
        monitor.IngestClosedReason.ShouldBeNull();
    }

    [Fact]
    public async Task A_quota_paused_vault_counts_as_unusable_for_back_pressure()
    {
        await using var node = await NodeHarness.CreateAsync();
        var vault = Path.Combine(node.Root, "vault");
        Directory.CreateDirectory(vault);
        var monitor = Monitor(node, new FixedVolume { FreePercent = 1 }, remote: vault);
        await node.Store.PauseDestinationAsync(
            "cloud",
            TimeProvider.System.GetUtcNow().AddHours(5),
            "quota",
            Ct
        );

        await monitor.ProbeAsync(Ct);

        monitor.BackPressure.ShouldNotBeNull();
        monitor.IngestClosedReason.ShouldBe(monitor.BackPressure);
    }
}
