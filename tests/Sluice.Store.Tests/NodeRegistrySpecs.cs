namespace Sluice.Store.Tests;

public sealed class NodeRegistrySpecs
{
    private static NodeIdentity Node(string name, string host = "box", int pid = 100) =>
        new(name, Guid.NewGuid(), host, pid, ["sanitize", "vault"]);

    [Fact]
    public async Task A_second_live_process_under_the_same_name_is_refused()
    {
        await using var test = await TestStore.CreateAsync();
        await test.Store.StartNodeAsync(
            Node("home", pid: 100),
            TestStore.Lease,
            _ => true,
            CancellationToken.None
        );

        var refused = await Should.ThrowAsync<NodeNameInUseException>(() =>
            test.Store.StartNodeAsync(
                Node("home", pid: 200),
                TestStore.Lease,
                pid => pid == 100,
                CancellationToken.None
            )
        );

        refused.Message.ShouldContain("process 100");
    }

    [Fact]
    public async Task A_crashed_instance_does_not_block_its_restart_and_its_jobs_come_back()
    {
        await using var test = await TestStore.CreateAsync();
        await test.Store.StartNodeAsync(
            Node("home", pid: 100),
            TestStore.Lease,
            _ => true,
            CancellationToken.None
        );
        await test.DiscoverAsync();
        await test.ClaimOneAsync("sanitize", node: "home");

        var rescued = await test.Store.StartNodeAsync(
            Node("home", pid: 200),
            TestStore.Lease,
            _ => false,
            CancellationToken.None
        );

        rescued.ShouldBe(1);
        (await test.ClaimOneAsync("sanitize")).Lease.Attempt.ShouldBe(2);
    }

    [Fact]
    public async Task A_name_with_a_fresh_heartbeat_on_another_host_is_refused_until_it_goes_quiet()
    {
        await using var test = await TestStore.CreateAsync();
        await test.Store.StartNodeAsync(
            Node("vps", host: "far"),
            TestStore.Lease,
            _ => false,
            CancellationToken.None
        );

        await Should.ThrowAsync<NodeNameInUseException>(() =>
            test.Store.StartNodeAsync(
                Node("vps", host: "near"),
                TestStore.Lease,
                _ => false,
                CancellationToken.None
            )
        );

        test.Clock.Advance(TestStore.Lease);
        await test.Store.StartNodeAsync(
            Node("vps", host: "near"),
            TestStore.Lease,
            _ => false,
            CancellationToken.None
        );
        (await test.Store.ListNodesAsync(TestStore.Lease, CancellationToken.None))
            .ShouldHaveSingleItem()
            .Host.ShouldBe("near");
    }
}
