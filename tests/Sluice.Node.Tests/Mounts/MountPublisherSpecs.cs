using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Node.Mounts;
using Sluice.Node.Tests.Support;
using Sluice.Testing;

namespace Sluice.Node.Tests.Mounts;

public sealed class MountPublisherSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_publishes_its_mounts_as_they_change_and_their_stopped_state_at_shutdown()
    {
        var clock = new ManualTimeProvider();
        await using var node = await NodeHarness.CreateAsync();
        await using var rig = await MountRig.StartAsync(clock);
        await node.Store.PublishMountsAsync(
            "test",
            [
                new(
                    "test",
                    "old",
                    "rclone",
                    "/mnt/old",
                    "healthy",
                    1,
                    0,
                    clock.GetUtcNow(),
                    null,
                    null
                ),
            ],
            Ct
        );
        var supervisor = rig.Start(
            rig.Options(o =>
            {
                o.Rclone[0].Remote = "nosuch:Media";
                o.Union = null;
            })
        );
        var publisher = new MountPublisher(
            supervisor,
            node.Store,
            node.Node,
            clock,
            NullLogger<MountPublisher>.Instance
        );

        await publisher.StartAsync(Ct);

        (
            await Eventually.TrueWithinAsync(
                () =>
                    node.Store.MountsAsync(Ct).GetAwaiter().GetResult()
                        is [
                            {
                                Name: "vault",
                                State: "restarting",
                                Restarts: >= 1,
                                LastError: { } error
                            },
                        ]
                    && error.Contains("nosuch", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30),
                Ct
            )
        ).ShouldBeTrue("the failing mount replaced the mount an earlier configuration had");

        await publisher.StopAsync(Ct);
        await supervisor.ShutdownAsync();
        await publisher.StoppedAsync(Ct);

        (await node.Store.MountsAsync(Ct)).ShouldHaveSingleItem().State.ShouldBe("stopped");
    }
}
