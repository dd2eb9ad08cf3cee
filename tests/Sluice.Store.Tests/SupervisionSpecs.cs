using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class SupervisionSpecs
{
    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_transient_failure_is_retried_after_the_backoff_not_before(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync();
        var job = await test.ClaimOneAsync("sanitize");

        (
            await test.Store.FailAsync(
                job.Lease,
                "disk busy",
                permanent: false,
                CancellationToken.None
            )
        ).ShouldBe(LeaseWrite.Applied);

        var view = await test.ViewAsync(id);
        view.Item.State.ShouldBe(ItemState.Incoming);
        view.Job.ShouldNotBeNull().State.ShouldBe("retryable");
        view.Job.LastError.ShouldBe("disk busy");
        (view.Job.RunAt - await test.NowAsync()).ShouldBeInRange(
            test.BackoffBase - test.Margin,
            test.BackoffBase
        );
        (await test.ClaimAsync("sanitize")).ShouldBeEmpty();

        await test.AdvanceAsync(test.BackoffBase + test.Margin);
        (await test.ClaimOneAsync("sanitize")).Lease.Attempt.ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task The_attempt_budget_survives_and_then_quarantines_with_the_reason(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind, maxAttempts: 3);
        var id = await test.DiscoverAsync();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var job = await test.ClaimOneAsync("sanitize");
            job.Lease.Attempt.ShouldBe(attempt);
            await test.Store.FailAsync(job.Lease, $"boom {attempt}", false, CancellationToken.None);
            await test.AdvanceAsync(test.BackoffMax + test.Margin);
        }

        var view = await test.ViewAsync(id);
        view.Item.State.ShouldBe(ItemState.Failed);
        view.Item.Failure.ShouldNotBeNull()
            .Reason.ShouldBe("gave up after 3 attempts; last error: boom 3");
        view.Job.ShouldBeNull();
        (await test.ClaimAsync("sanitize")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_permanent_failure_quarantines_at_once(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync();
        var job = await test.ClaimOneAsync("sanitize");

        await test.Store.FailAsync(
            job.Lease,
            "not a video",
            permanent: true,
            CancellationToken.None
        );

        var failure = (await test.ViewAsync(id)).Item.Failure.ShouldNotBeNull();
        failure.Reason.ShouldBe("not a video");
        failure.Step.ShouldBe(Step.Sanitize);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task An_operator_retry_resumes_the_failed_step_with_a_fresh_budget(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync();
        await test.Store.FailAsync(
            (await test.ClaimOneAsync("sanitize")).Lease,
            "x",
            true,
            CancellationToken.None
        );

        var result = await test.Store.CommandAsync(
            id,
            new Retry("operator"),
            "operator",
            CancellationToken.None
        );

        result.Applied.ShouldBeTrue();
        (await test.ClaimOneAsync("sanitize")).Lease.Attempt.ShouldBe(1);
        (await test.Store.GetJournalAsync(id, CancellationToken.None))
            .Select(e => e.Type)
            .ShouldContain("retry-requested");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Retrying_an_item_that_did_not_fail_is_refused_with_a_reason(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync();

        var result = await test.Store.CommandAsync(
            id,
            new Retry("operator"),
            "operator",
            CancellationToken.None
        );

        result.Applied.ShouldBeFalse();
        result.Rejection.ShouldNotBeNull().ShouldContain("incoming");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Cancelling_a_running_item_revokes_the_lease(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync();
        var job = await test.ClaimOneAsync("sanitize");

        (
            await test.Store.CommandAsync(
                id,
                new Cancel("operator", "wrong file"),
                "operator",
                CancellationToken.None
            )
        ).Applied.ShouldBeTrue();

        (
            await test.Store.HeartbeatAsync(job.Lease, test.Lease, null, CancellationToken.None)
        ).ShouldBeFalse();
        var view = await test.ViewAsync(id);
        view.Item.State.ShouldBe(ItemState.Cancelled);
        view.Job.ShouldBeNull();
    }
}
