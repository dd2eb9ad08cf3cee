using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Health;
using Sluice.Node.Mounts;
using Sluice.Node.Tests.Support;
using Sluice.Node.Tier;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Tests.Mounts;

/// <summary>A stage that works through a supervised mount pauses while the mount is down and resumes once it is back.</summary>
public sealed class MountGatingSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A sanitize step that reads its file through the union, as a node whose sources live behind it would.</summary>
    private sealed class ReadThroughUnion(string file) : IStepHandler
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public byte[]? Read { get; private set; }

        public Step Step => Step.Sanitize;

        public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
        {
            Interlocked.Increment(ref _runs);
            Read = await File.ReadAllBytesAsync(file, ct);
            return new CompleteSanitize(
                "Shows/a.mkv",
                new MediaSummary("episode", "A", 1, [1], null)
            );
        }
    }

    private sealed class FixedVolume : IFreeSpaceProbe
    {
        public VolumeSpace Measure(string path) => new(50_000, 100_000);
    }

    [Fact]
    public async Task A_supervised_mount_killed_underneath_the_node_is_restarted_and_stages_pause_meanwhile()
    {
        await using var node = await NodeHarness.CreateAsync();
        await using var rig = await MountRig.StartAsync();
        var vaulted = await rig.PutInVaultAsync("Shows/A.S01E01.mkv");
        var supervisor = rig.Start(
            rig.Options(o =>
            {
                o.Union!.Stages = ["sanitize"];
                o.RestartBackoff = TimeSpan.FromSeconds(5); // the window in which the pause is observed
            })
        );
        var rclone = new RcloneClient(
            new ProcessRunner(
                TimeProvider.System,
                new ProcessRunnerOptions { OwnerTag = "gate-test" }
            ),
            new RcloneOptions()
        );
        // The node's gates as its workers see them: LocationMonitor folds the mounts in.
        var monitor = new LocationMonitor(
            node.Paths,
            new VaultDestinations(Options.Create(new VaultOptions()), node.Paths, rclone),
            rclone,
            new FixedVolume(),
            node.Store,
            Options.Create(new HealthOptions()),
            TimeProvider.System,
            NullLogger<LocationMonitor>.Instance,
            supervisor
        );
        await rig.WaitHealthyAsync("vault", "union");
        monitor.ClosedReason("sanitize").ShouldBeNull();
        var killed = rig.Status("vault").Pid!.Value;

        Process.GetProcessById(killed).Kill(); // SIGKILL, as the OOM killer would

        var down = await rig.WaitForAsync(
            "vault",
            s => s.State == MountState.Restarting,
            "was seen failing"
        );
        down.Restarts.ShouldBe(1);
        // The exit (code 137: SIGKILL) is seen at once; a probe running at that moment sees the dead mount first.
        down.LastError.ShouldNotBeNull().ShouldMatch("code 137|not connected");
        var reason = monitor.ClosedReason("sanitize").ShouldNotBeNull();
        reason.ShouldContain("mount union");
        reason.ShouldContain("its branch mount vault is restarting");
        rig.Status("union").State.ShouldBe(MountState.Down);

        // Work arrives while the mount is down: the worker looks at the gate and claims nothing.
        var handler = new ReadThroughUnion(Path.Combine(rig.Union, "Shows/A.S01E01.mkv"));
        var looks = 0;
        var worker = Worker(
            node,
            handler,
            queue =>
            {
                Interlocked.Increment(ref looks);
                return monitor.ClosedReason(queue);
            }
        );
        var id = (
            await node.Store.DiscoverAsync(new NewItem("a.mkv", "/in/a.mkv", 1, "sha256:a"), Ct)
        ).Id;
        await worker.StartAsync(Ct);
        node.WakeUps.Poke("sanitize");
        (
            await Sluice.Testing.Eventually.TrueWithinAsync(
                () => Volatile.Read(ref looks) >= 5,
                TimeSpan.FromSeconds(30),
                Ct
            )
        ).ShouldBeTrue();
        handler.Runs.ShouldBe(0, "no job runs while the mount it needs is down");
        (await node.Store.GetItemAsync(id, Ct))!.Item.State.ShouldBe(ItemState.Incoming);
        var still = rig.Status("vault");
        still.ShouldBe(
            down,
            "the mount stayed down the whole time the worker was looking (else the backoff was too short to prove anything)"
        );

        var back = await rig.WaitForAsync("vault", s => s.Healthy, "was restarted");
        back.Restarts.ShouldBe(1);
        back.Pid.ShouldNotBe(killed);
        MountRig.MountsAt(rig.VaultMount).ShouldBe(1, "the dead mount was cleared, not stacked on");
        (
            await Sluice.Testing.Eventually.TrueWithinAsync(
                () => handler.Runs == 1,
                TimeSpan.FromSeconds(30),
                Ct
            )
        ).ShouldBeTrue("the job runs once the mount is healthy again");
        await Sluice.Testing.Eventually.TrueWithinAsync(
            () =>
                node.Store.GetItemAsync(id, Ct).GetAwaiter().GetResult()!.Item.State
                == ItemState.Sanitized,
            TimeSpan.FromSeconds(30),
            Ct
        );
        handler.Read.ShouldBe(vaulted, "it read the vault's copy through the restarted mount");
        rig.Status("union").Restarts.ShouldBe(0, "mergerfs kept running over the restarted branch");
        await worker.StopAsync(Ct);
    }

    private static StageWorker Worker(
        NodeHarness node,
        IStepHandler handler,
        Func<string, string?> closedReason
    ) =>
        new(
            "sanitize",
            1,
            "test",
            node.Store,
            new JobRunner(
                node.Store,
                new Dictionary<Step, IStepHandler> { [handler.Step] = handler },
                node.WakeUps,
                TimeSpan.FromMinutes(2),
                TimeProvider.System,
                NullLogger<JobRunner>.Instance
            ),
            node.WakeUps,
            node.Node,
            TimeSpan.FromMinutes(2),
            TimeSpan.FromMilliseconds(100),
            TimeProvider.System,
            NullLogger<StageWorker>.Instance,
            closedReason
        );
}
