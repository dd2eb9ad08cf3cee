using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class LeaseSpecs
{
    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_claimed_job_is_not_claimed_again_and_its_start_is_journaled(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync();

        var job = await test.ClaimOneAsync("sanitize");

        job.Lease.Attempt.ShouldBe(1);
        job.Item.Version.ShouldBe(2);
        (await test.ClaimAsync("sanitize")).ShouldBeEmpty();
        var journal = await test.Store.GetJournalAsync(id, CancellationToken.None);
        journal[^1].Event.ShouldBe(new StepStarted(Step.Sanitize, 1));
        journal[^1].Node.ShouldBe("home");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Every_claim_gets_a_larger_fencing_token(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.DiscoverAsync("a.mkv");
        await test.DiscoverAsync("b.mkv");

        var first = await test.ClaimOneAsync("sanitize");
        var second = await test.ClaimOneAsync("sanitize");

        second.Lease.Token.ShouldBeGreaterThan(first.Lease.Token);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Completing_moves_the_item_and_enqueues_the_next_step_in_one_go(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync();
        var job = await test.ClaimOneAsync("sanitize");

        var (result, next) = await test.Store.CompleteAsync(
            job.Lease,
            new CompleteSanitize("Shows/a.mkv", TestStore.Media),
            CancellationToken.None
        );

        result.ShouldBe(LeaseWrite.Applied);
        next.ShouldBe(Step.Vault);
        var view = await test.ViewAsync(id);
        view.Item.State.ShouldBe(ItemState.Sanitized);
        view.Item.LibraryPath.ShouldBe("Shows/a.mkv");
        view.Job.ShouldNotBeNull().Step.ShouldBe(Step.Vault);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task An_expired_lease_is_rescued_and_the_stale_worker_writes_nothing(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync();
        var stale = await test.ClaimOneAsync("sanitize", node: "home");

        await test.AdvanceAsync(test.Lease + test.Margin);
        (await test.Store.RescueExpiredAsync(CancellationToken.None)).ShouldBe(1);
        var fresh = await test.ClaimOneAsync("sanitize", node: "vps");

        (
            await test.Store.HeartbeatAsync(stale.Lease, test.Lease, null, CancellationToken.None)
        ).ShouldBeFalse();
        var (result, _) = await test.Store.CompleteAsync(
            stale.Lease,
            new CompleteSanitize("Shows/stale.mkv", TestStore.Media),
            CancellationToken.None
        );
        result.ShouldBe(LeaseWrite.LeaseLost);
        (await test.Store.FailAsync(stale.Lease, "late", false, CancellationToken.None)).ShouldBe(
            LeaseWrite.LeaseLost
        );

        fresh.Lease.Attempt.ShouldBe(2);
        var journal = await test.Store.GetJournalAsync(id, CancellationToken.None);
        journal
            .Select(e => e.Type)
            .ShouldBe(["discovered", "step-started", "lease-expired", "step-started"]);
        (await test.ViewAsync(id)).Item.LibraryPath.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_heartbeat_keeps_the_lease_alive_past_its_first_expiry(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.DiscoverAsync();
        var job = await test.ClaimOneAsync("sanitize");

        await test.AdvanceAsync(test.Lease * 2 / 3);
        (
            await test.Store.HeartbeatAsync(
                job.Lease,
                test.Lease,
                "{\"percent\":50}",
                CancellationToken.None
            )
        ).ShouldBeTrue();
        await test.AdvanceAsync(test.Lease * 2 / 3);

        (await test.Store.RescueExpiredAsync(CancellationToken.None)).ShouldBe(0);
        (await test.ViewAsync(job.Lease.ItemId)).Job!.Progress.ShouldBe("{\"percent\":50}");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_restarting_node_takes_back_its_own_jobs_without_waiting_for_the_lease(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.DiscoverAsync();
        var job = await test.ClaimOneAsync("sanitize", node: "home");

        (await test.Store.RescueOwnAsync("home", CancellationToken.None)).ShouldBe(1);

        (
            await test.Store.HeartbeatAsync(job.Lease, test.Lease, null, CancellationToken.None)
        ).ShouldBeFalse();
        (await test.ClaimOneAsync("sanitize")).Lease.Attempt.ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Releasing_at_shutdown_hands_the_job_back_without_spending_an_attempt(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.DiscoverAsync();
        var job = await test.ClaimOneAsync("sanitize");

        (await test.Store.ReleaseAsync(job.Lease, CancellationToken.None)).ShouldBe(
            LeaseWrite.Applied
        );

        (await test.ClaimOneAsync("sanitize")).Lease.Attempt.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Losing_leases_until_the_budget_is_spent_quarantines_the_item(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, maxAttempts: 2);
        var id = await test.DiscoverAsync();

        for (var i = 0; i < 2; i++)
        {
            await test.ClaimOneAsync("sanitize");
            await test.AdvanceAsync(test.Lease + test.Margin);
            await test.Store.RescueExpiredAsync(CancellationToken.None);
        }

        var view = await test.ViewAsync(id);
        view.Item.State.ShouldBe(ItemState.Failed);
        view.Item.Failure.ShouldNotBeNull().Reason.ShouldContain("lost its lease");
        view.Job.ShouldBeNull();
    }
}
