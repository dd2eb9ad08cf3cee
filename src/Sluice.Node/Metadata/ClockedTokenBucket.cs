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
public sealed partial class ClockedTokenBucket : ReplenishingRateLimiter
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

    private void CheckCount(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);
    }
}
