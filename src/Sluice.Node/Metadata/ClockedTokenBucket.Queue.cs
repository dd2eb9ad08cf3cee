using System.Threading.RateLimiting;

namespace Sluice.Node.Metadata;

/// <summary>The queue: waiting, refills that serve it, cancellation and disposal.</summary>
public sealed partial class ClockedTokenBucket
{
    private async ValueTask<RateLimitLease> WaitAsync(Waiter waiter, CancellationToken ct)
    {
        // Registered outside the lock: a token cancelled meanwhile runs Cancel right here.
        await using var registration = ct.UnsafeRegister(
            static (state, token) =>
            {
                var (limiter, waiter) = ((ClockedTokenBucket, Waiter))state!;
                limiter.Cancel(waiter, token);
            },
            (this, waiter)
        );
        return await waiter.Completion.Task;
    }

    private void Refill()
    {
        List<Waiter> granted;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _tokens = Math.Min(_limit, _tokens + _perPeriod);
            granted = GrantQueued();
            if (_tokens == _limit)
            {
                _refilling = false;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _idleSince = _time.GetTimestamp();
            }
        }

        foreach (var waiter in granted)
        {
            waiter.Completion.TrySetResult(Lease.Granted);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        List<Waiter> granted;
        lock (_gate)
        {
            if (waiter.Node?.List is null)
            {
                return; // granted or failed already
            }

            _queue.Remove(waiter.Node);
            _queuedPermits -= waiter.Count;
            granted = GrantQueued(); // the head may have been what blocked the rest
        }

        waiter.Completion.TrySetCanceled(token);
        foreach (var next in granted)
        {
            next.Completion.TrySetResult(Lease.Granted);
        }
    }

    // Under the lock. Completing the tasks is left to the caller, outside it.
    private List<Waiter> GrantQueued()
    {
        var granted = new List<Waiter>();
        while (_queue.First is { } head && head.Value.Count <= _tokens)
        {
            _queue.RemoveFirst();
            _tokens -= head.Value.Count;
            _queuedPermits -= head.Value.Count;
            _successful++;
            granted.Add(head.Value);
        }

        return granted;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            FailQueued();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        FailQueued();
        await base.DisposeAsyncCore();
    }

    private void FailQueued()
    {
        List<Waiter> pending;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = [.. _queue];
            _queue.Clear();
            _queuedPermits = 0;
        }

        _timer.Dispose();
        foreach (var waiter in pending)
        {
            waiter.Completion.TrySetResult(new Lease(false, null));
        }
    }

    private sealed class Waiter(int count)
    {
        public int Count { get; } = count;

        public TaskCompletionSource<RateLimitLease> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
