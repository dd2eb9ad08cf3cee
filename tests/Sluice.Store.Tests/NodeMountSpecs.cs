using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class NodeMountSpecs
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Each_node_publishes_its_own_mounts_and_every_node_reads_them_all(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var ct = CancellationToken.None;
        await test.Store.PublishMountsAsync(
            "home",
            [
                new(
                    "home",
                    "vault",
                    "rclone",
                    "/mnt/vault",
                    "restarting",
                    null,
                    3,
                    At,
                    "rclone exited with code 137",
                    At.AddSeconds(8)
                ),
                new("home", "union", "union", "/srv/media/Union", "down", 42, 0, At, null, null),
            ],
            ct
        );
        await test.Store.PublishMountsAsync(
            "vps",
            [new("vps", "cache", "rclone", "/mnt/cache", "healthy", 7, 0, At, null, null)],
            ct
        );

        await test.Store.PublishMountsAsync(
            "home",
            [
                new(
                    "home",
                    "vault",
                    "rclone",
                    "/mnt/vault",
                    "healthy",
                    99,
                    3,
                    At.AddMinutes(1),
                    "rclone exited with code 137",
                    null
                ),
            ],
            ct
        );

        var all = await test.Store.MountsAsync(ct);
        all.Select(m => (m.Node, m.Name))
            .ShouldBe(
                [("home", "vault"), ("vps", "cache")],
                "the union home no longer supervises is gone"
            );
        var vault = all[0];
        vault.State.ShouldBe("healthy");
        vault.Pid.ShouldBe(99);
        vault.Restarts.ShouldBe(3);
        vault.Since.ShouldBe(At.AddMinutes(1));
        vault.LastError.ShouldBe("rclone exited with code 137");
        vault.NextAttempt.ShouldBeNull();
        vault.UpdatedAt.ShouldNotBe(default);

        await test.Store.PublishMountsAsync("vps", [], ct);
        (await test.Store.MountsAsync(ct)).ShouldHaveSingleItem().Node.ShouldBe("home");
    }
}
