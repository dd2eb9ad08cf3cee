using System.Diagnostics;
using Sluice.Node.Mounts;
using Sluice.Tools.Mounts;

namespace Sluice.Node.Tests.Mounts;

/// <summary>The node owns its rclone mount and mergerfs union: up in order, restarted when killed, unmounted cleanly, leftovers cleared.</summary>
public sealed class MountSupervisorSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_supervised_union_serves_the_vault_through_its_rclone_mount_and_a_clean_stop_unmounts_both()
    {
        await using var rig = await MountRig.StartAsync();
        var vaulted = await rig.PutInVaultAsync("Shows/Evicted.S01E01.mkv");
        await File.WriteAllTextAsync(Path.Combine(rig.Library, "local.nfo"), "local", Ct);
        var supervisor = rig.Start(rig.Options());

        await rig.WaitHealthyAsync("vault", "union");

        (
            await File.ReadAllBytesAsync(Path.Combine(rig.Union, "Shows/Evicted.S01E01.mkv"), Ct)
        ).ShouldBe(vaulted);
        File.Exists(Path.Combine(rig.Union, "local.nfo")).ShouldBeTrue();
        MountTable.TypeAt(rig.VaultMount).ShouldBe("fuse.rclone");
        MountTable.TypeAt(rig.Union).ShouldBe("fuse.mergerfs");
        var vault = rig.Status("vault");
        var union = rig.Status("union");
        union.DependsOn.ShouldBe(["vault"]);
        union.Stages.ShouldBe(["tier"]);
        supervisor.ClosedReason("tier").ShouldBeNull();
        var pids = new[] { vault.Pid!.Value, union.Pid!.Value };
        pids.ShouldAllBe(pid => MountRig.IsAlive(pid));

        await supervisor.ShutdownAsync();

        MountRig.MountsAt(rig.Union).ShouldBe(0);
        MountRig.MountsAt(rig.VaultMount).ShouldBe(0);
        pids.ShouldAllBe(pid => !MountRig.IsAlive(pid));
        supervisor.Mounts.ShouldAllBe(m => m.State == MountState.Stopped && m.Pid == null);
        supervisor.ClosedReason("tier").ShouldNotBeNull().ShouldContain("stopped");
    }

    [Fact]
    public async Task A_killed_mergerfs_is_restarted_and_the_union_serves_again()
    {
        await using var rig = await MountRig.StartAsync();
        var vaulted = await rig.PutInVaultAsync("Movies/Film.mkv");
        rig.Start(rig.Options());
        await rig.WaitHealthyAsync("vault", "union");
        var killed = rig.Status("union").Pid!.Value;

        Process.GetProcessById(killed).Kill(); // SIGKILL: the union is left dead in the mount table

        var union = await rig.WaitForAsync(
            "union",
            s => s.Restarts == 1 && s.Healthy,
            "was restarted and healthy again"
        );
        union.Pid.ShouldNotBe(killed);
        union.LastError.ShouldNotBeNull().ShouldMatch("code 137|not connected");
        rig.Status("vault").Restarts.ShouldBe(0, "the mount under the union was not touched");
        MountRig.MountsAt(rig.Union).ShouldBe(1, "the dead mount was cleared, not stacked on");
        (await File.ReadAllBytesAsync(Path.Combine(rig.Union, "Movies/Film.mkv"), Ct)).ShouldBe(
            vaulted
        );
    }

    [Fact]
    public async Task A_stale_mount_left_at_a_mount_point_is_cleared_before_mounting()
    {
        await using var rig = await MountRig.StartAsync();
        var vaulted = await rig.PutInVaultAsync("Shows/Old.mkv");
        Directory.CreateDirectory(rig.VaultMount);
        // What a SIGKILLed node leaves behind: an rclone mount whose daemon is dead.
        using (var orphan = new CancellationTokenSource())
        {
            var pid = 0;
            var run = MountRig
                .Runner(TimeProvider.System)
                .RunAsync(
                    new Tools.Processes.ProcessCommand("rclone").WithArguments(
                        new RcloneMountCommand("vault:Media", rig.VaultMount)
                        {
                            ConfigPath = rig.Vault.ConfigPath,
                            CacheDir = Path.Combine(rig.Home, "orphan-cache"),
                        }.ToArguments()
                    ),
                    p => pid = p,
                    null,
                    null,
                    orphan.Token
                );
            (
                await Sluice.Testing.Eventually.TrueWithinAsync(
                    () => MountTable.TypeAt(rig.VaultMount) == "fuse.rclone",
                    TimeSpan.FromSeconds(30),
                    Ct
                )
            ).ShouldBeTrue();
            Process.GetProcessById(pid).Kill();
            await Should.ThrowAsync<Exception>(run);
        }

        Should
            .Throw<IOException>(() => Directory.EnumerateFileSystemEntries(rig.VaultMount).Any())
            .Message.ShouldContain("not connected");

        rig.Start(rig.Options(o => o.Union = null));
        await rig.WaitHealthyAsync("vault");

        MountRig.MountsAt(rig.VaultMount).ShouldBe(1);
        rig.Status("vault").Restarts.ShouldBe(0);
        (await File.ReadAllBytesAsync(Path.Combine(rig.VaultMount, "Shows/Old.mkv"), Ct)).ShouldBe(
            vaulted
        );
    }
}
