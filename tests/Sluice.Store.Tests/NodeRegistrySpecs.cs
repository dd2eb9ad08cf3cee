using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class NodeRegistrySpecs
{
    private static NodeIdentity Node(string name, string host = "box", int pid = 100) =>
        new(name, Guid.NewGuid(), host, pid, ["sanitize", "vault"]);

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_second_live_process_under_the_same_name_is_refused(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.Store.StartNodeAsync(
            Node("home", pid: 100),
            test.Lease,
            _ => true,
            CancellationToken.None
        );

        var refused = await Should.ThrowAsync<NodeNameInUseException>(() =>
            test.Store.StartNodeAsync(
                Node("home", pid: 200),
                test.Lease,
                pid => pid == 100,
                CancellationToken.None
            )
        );

        refused.Message.ShouldContain("process 100");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_crashed_instance_does_not_block_its_restart_and_its_jobs_come_back(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.Store.StartNodeAsync(
            Node("home", pid: 100),
            test.Lease,
            _ => true,
            CancellationToken.None
        );
        await test.DiscoverAsync();
        await test.ClaimOneAsync("sanitize", node: "home");

        var rescued = await test.Store.StartNodeAsync(
            Node("home", pid: 200),
            test.Lease,
            _ => false,
            CancellationToken.None
        );

        rescued.ShouldBe(1);
        (await test.ClaimOneAsync("sanitize")).Lease.Attempt.ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_name_with_a_fresh_heartbeat_on_another_host_is_refused_until_it_goes_quiet(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.Store.StartNodeAsync(
            Node("vps", host: "far"),
            test.Lease,
            _ => false,
            CancellationToken.None
        );

        await Should.ThrowAsync<NodeNameInUseException>(() =>
            test.Store.StartNodeAsync(
                Node("vps", host: "near"),
                test.Lease,
                _ => false,
                CancellationToken.None
            )
        );

        await test.AdvanceAsync(test.Lease + test.Margin);
        await test.Store.StartNodeAsync(
            Node("vps", host: "near"),
            test.Lease,
            _ => false,
            CancellationToken.None
        );
        (await test.Store.ListNodesAsync(test.Lease, CancellationToken.None))
            .ShouldHaveSingleItem()
            .Host.ShouldBe("near");
    }
}
