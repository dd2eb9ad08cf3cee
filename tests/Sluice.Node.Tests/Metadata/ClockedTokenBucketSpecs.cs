using System.Threading.RateLimiting;
using Sluice.Node.Metadata;
using Sluice.Testing;

namespace Sluice.Node.Tests.Metadata;

public sealed class ClockedTokenBucketSpecs
{
    private readonly ManualTimeProvider _clock = new();

    private ClockedTokenBucket Bucket(int limit = 2, int queue = 10) =>
        new(limit, 1, TimeSpan.FromSeconds(10), queue, _clock);

    [Fact]
    public async Task Grants_its_burst_then_holds_requests_until_the_clock_refills()
    {
        using var bucket = Bucket(limit: 2);
        (
            await bucket.AcquireAsync(1, TestContext.Current.CancellationToken)
        ).IsAcquired.ShouldBeTrue();
        (
            await bucket.AcquireAsync(1, TestContext.Current.CancellationToken)
        ).IsAcquired.ShouldBeTrue();

        var third = bucket.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        _clock.Advance(TimeSpan.FromSeconds(9));
        third.IsCompleted.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(1));

        (await third).IsAcquired.ShouldBeTrue();
        bucket.GetStatistics()!.TotalSuccessfulLeases.ShouldBe(3);
    }

    [Fact]
    public async Task Waiters_are_served_in_arrival_order()
    {
        using var bucket = Bucket(limit: 1);
        bucket.AttemptAcquire().IsAcquired.ShouldBeTrue();
        var first = bucket.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        var second = bucket.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        _clock.Advance(TimeSpan.FromSeconds(10));
        (await first).IsAcquired.ShouldBeTrue();
        second.IsCompleted.ShouldBeFalse();
        bucket.AttemptAcquire().IsAcquired.ShouldBeFalse(); // no jumping the queue

        _clock.Advance(TimeSpan.FromSeconds(10));
        (await second).IsAcquired.ShouldBeTrue();
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_to_the_next()
    {
        using var bucket = Bucket(limit: 1);
        bucket.AttemptAcquire();
        using var cancel = new CancellationTokenSource();
        var cancelled = bucket.AcquireAsync(1, cancel.Token).AsTask();
        var next = bucket.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);
        bucket.GetStatistics()!.CurrentQueuedCount.ShouldBe(1);
        _clock.Advance(TimeSpan.FromSeconds(10));

        (await next).IsAcquired.ShouldBeTrue();
    }

    [Fact]
    public async Task A_full_queue_refuses_with_a_retry_after()
    {
        using var bucket = Bucket(limit: 1, queue: 1);
        bucket.AttemptAcquire();
        var queued = bucket.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        using var refused = await bucket.AcquireAsync(1, TestContext.Current.CancellationToken);

        refused.IsAcquired.ShouldBeFalse();
        refused.TryGetMetadata(MetadataName.RetryAfter, out var wait).ShouldBeTrue();
        wait.ShouldBe(TimeSpan.FromSeconds(20));
        queued.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task Disposing_fails_the_waiters()
    {
        var bucket = Bucket(limit: 1);
        bucket.AttemptAcquire();
        var waiting = bucket.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        bucket.Dispose();

        (await waiting).IsAcquired.ShouldBeFalse();
        Should.Throw<ObjectDisposedException>(() => bucket.AttemptAcquire());
    }

    [Fact]
    public void An_idle_full_bucket_keeps_no_timer_running_and_says_how_long_it_idled()
    {
        using var bucket = Bucket(limit: 1);
        _clock.Advance(TimeSpan.FromMinutes(1));
        bucket.IdleDuration.ShouldBe(TimeSpan.FromMinutes(1));

        bucket.AttemptAcquire();
        bucket.IdleDuration.ShouldBeNull();
        _clock.Advance(TimeSpan.FromSeconds(10));
        bucket.IdleDuration.ShouldBe(TimeSpan.Zero);
        bucket.GetStatistics()!.CurrentAvailablePermits.ShouldBe(1);
    }

    [Theory]
    [InlineData(6, 60)]
    [InlineData(80, 60)]
    [InlineData(20, 1)]
    public async Task PerWindow_never_lets_more_than_its_number_through_in_any_window(
        int requests,
        int windowSeconds
    )
    {
        var window = TimeSpan.FromSeconds(windowSeconds);
        using var bucket = ClockedTokenBucket.PerWindow(requests, window, _clock);
        var start = _clock.GetUtcNow();
        var granted = new List<DateTimeOffset>();
        var step = window / (requests * 4);

        // A caller that always wants more, for three windows.
        while (_clock.GetUtcNow() - start < window * 3)
        {
            while (bucket.AttemptAcquire().IsAcquired)
            {
                granted.Add(_clock.GetUtcNow());
            }

            _clock.Advance(step);
        }

        granted.Count.ShouldBeGreaterThan(requests * 2); // it does keep going
        foreach (var at in granted)
        {
            granted.Count(t => t >= at && t < at + window).ShouldBeLessThanOrEqualTo(requests);
        }

        await Task.CompletedTask;
    }
}
