using System.Threading.RateLimiting;

namespace Sluice.Node.Metadata;

/// <summary>
/// A token bucket on the System.Threading.RateLimiting contract whose refills follow an
/// injected <see cref="TimeProvider"/>. The framework's TokenBucketRateLimiter measures
/// elapsed time with Stopwatch even when replenished by hand (dotnet/runtime#106447), so a
/// manual clock cannot drive it and tests would have to sleep.
/// </summary>
/// <remarks>
/// Invariants, all under <c>_gate</c>: <c>0 &lt;= _tokens &lt;= limit</c>; a waiter leaves
/// <c>_queue</c> exactly once, granted (its tokens taken), cancelled, or failed by Dispose;
/// waiters are granted in arrival order; the refill timer is armed exactly while the bucket is
/// not full, so an idle limiter costs no wake-ups.
/// </remarks>
public sealed class ClockedTokenBucket : ReplenishingRateLimiter
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _queue = [];
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly int _limit;
    private readonly int _perPeriod;
    private readonly int _queueLimit;
    private readonly TimeSpan _period;
    private int _tokens;
    private int _queuedPermits;
    private bool _refilling;
    private long _idleSince;
    private long _successful;
    private long _failed;
    private bool _disposed;

    public ClockedTokenBucket(
        int tokenLimit,
        int tokensPerPeriod,
        TimeSpan period,
        int queueLimit,
        TimeProvider time
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        _limit = tokenLimit;
        _perPeriod = tokensPerPeriod;
        _period = period;
        _queueLimit = queueLimit;
        _time = time;
        _tokens = tokenLimit;
        _idleSince = time.GetTimestamp();
        _timer = time.CreateTimer(
            static state => ((ClockedTokenBucket)state!).Refill(),
            this,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan
        );
    }

    /// <summary>
    /// At most <paramref name="requests"/> in any <paramref name="window"/>: a burst of a tenth
    /// of them (at least one), the rest refilled one at a time, evenly spread over the window.
    /// </summary>
    public static ClockedTokenBucket PerWindow(int requests, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        var burst = Math.Max(1, requests / 10);
        var period = window / Math.Max(1, requests - burst);
        return new ClockedTokenBucket(burst, 1, period, queueLimit: requests, time);
    }

    public override TimeSpan ReplenishmentPeriod => _period;

    public override bool IsAutoReplenishing => true;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _tokens == _limit && _queue.Count == 0
                    ? _time.GetElapsedTime(_idleSince)
                    : null;
            }
        }
    }

    public override bool TryReplenish() => false;

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _tokens,
                CurrentQueuedCount = _queuedPermits,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckCount(permitCount);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return TryTake(permitCount) ? Lease.Granted : Refused(permitCount);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(
        int permitCount,
        CancellationToken cancellationToken
    )
    {
        CheckCount(permitCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        }

        Waiter waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryTake(permitCount))
            {
                return new ValueTask<RateLimitLease>(Lease.Granted);
            }

            if (permitCount == 0 || _queuedPermits + permitCount > _queueLimit)
            {
                return new ValueTask<RateLimitLease>(Refused(permitCount));
            }

            waiter = new Waiter(permitCount);
            waiter.Node = _queue.AddLast(waiter);
            _queuedPermits += permitCount;
        }

        return WaitAsync(waiter, cancellationToken);
    }

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

    private bool TryTake(int permitCount)
    {
        if (_queue.Count > 0 || _tokens < Math.Max(permitCount, 1))
        {
            return false;
        }

        _tokens -= permitCount;
        _successful++;
        if (!_refilling && _tokens < _limit)
        {
            _refilling = true;
            _timer.Change(_period, _period);
        }

        return true;
    }

    private Lease Refused(int permitCount)
    {
        _failed++;
        var missing = permitCount + _queuedPermits - _tokens;
        var periods = Math.Max(1, (missing + _perPeriod - 1) / _perPeriod);
        return new Lease(false, _period * periods);
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

    private void CheckCount(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);
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
