using Sluice.Node.Mounts;
using Sluice.Testing;

namespace Sluice.Node.Tests.Mounts;

/// <summary>A mount that keeps failing is retried with doubling waits up to the cap, on the injected clock.</summary>
public sealed class MountBackoffSpecs
{
    [Fact]
    public async Task A_mount_whose_remote_does_not_exist_is_retried_with_doubling_waits_up_to_the_cap()
    {
        var clock = new ManualTimeProvider();
        await using var rig = await MountRig.StartAsync(clock);
        rig.Start(
            rig.Options(o =>
            {
                o.Rclone[0].Remote = "nosuch:Media";
                o.Union = null;
                o.RestartBackoff = TimeSpan.FromSeconds(10);
                o.RestartBackoffMax = TimeSpan.FromSeconds(40);
            })
        );

        var failed = await rig.WaitForAsync(
            "vault",
            s => s.State == MountState.Restarting,
            "failed its first start"
        );
        failed.Restarts.ShouldBe(1);
        failed.LastError.ShouldNotBeNull().ShouldContain("nosuch");
        failed.NextAttempt.ShouldBe(clock.GetUtcNow() + TimeSpan.FromSeconds(10));

        foreach (var (restarts, wait) in new[] { (2, 20), (3, 40), (4, 40), (5, 40) })
        {
            var due = rig.Status("vault").NextAttempt!.Value - clock.GetUtcNow();
            clock.Advance(due - TimeSpan.FromSeconds(1));
            rig.Status("vault")
                .Restarts.ShouldBe(restarts - 1, "nothing starts before the backoff is over");

            clock.Advance(TimeSpan.FromSeconds(1));
            var next = await rig.WaitForAsync(
                "vault",
                s => s.Restarts == restarts && s.State == MountState.Restarting,
                $"failed start {restarts}"
            );
            (next.NextAttempt - clock.GetUtcNow()).ShouldBe(TimeSpan.FromSeconds(wait));
        }

        rig.Supervisor!.ClosedReason("vault").ShouldBeNull("the mount gates no stage by default");
    }
}
