using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Engine;
using Sluice.Node.Configuration;
using Sluice.Store;

namespace Sluice.Node.Api.Events;

/// <summary>
/// What the event streams of this node wait on: one poll of the store per
/// <c>Engine:PollInterval</c> (only while a stream is open), whatever the number of streams.
/// It reads where the cluster's journal ends and which jobs run with what progress; when
/// either changed it wakes every stream, and each stream then reads the journal after its own
/// cursor. Events come from the shared store, so a stream on any node shows every node's work.
/// Invariants: only the poll loop writes <see cref="Head"/>, <see cref="Jobs"/> and the pulse;
/// readers see a consistent snapshot (one immutable object); a failed poll changes nothing and
/// is retried after a backoff, so streams only go quiet, never skip.
/// </summary>
public sealed class LiveFeed(
    EngineStore store,
    IOptions<EngineOptions> engine,
    TimeProvider time,
    ILogger<LiveFeed> log
) : BackgroundService
{
    /// <summary>After a failed read of the store: 0.5 s, doubling, at most 30 s.</summary>
    private static readonly Backoff StoreRetry = new(
        TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(30),
        0
    );

    /// <summary>One poll's view of the cluster; <see cref="Version"/> grows with every change.</summary>
    public sealed record Snapshot(
        long Version,
        JournalCursor Head,
        IReadOnlyList<RunningJob> Jobs,
        TaskCompletionSource Changed
    );

    private Snapshot _current = new(0, JournalCursor.Start, [], NewPulse());
    private int _streams;
    private readonly SemaphoreSlim _firstStream = new(0, 1);

    public Snapshot Current => Volatile.Read(ref _current);

    /// <summary>Counts an open stream; dispose the result when it closes. The first one wakes the poll loop.</summary>
    public IDisposable Open()
    {
        if (Interlocked.Increment(ref _streams) == 1 && _firstStream.CurrentCount == 0)
        {
            try
            {
                _firstStream.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }

        return new Closer(this);
    }

    /// <summary>Completes when a poll newer than <paramref name="seen"/> changed something, or after <paramref name="timeout"/>.</summary>
    public async Task<Snapshot> WaitAsync(long seen, TimeSpan timeout, CancellationToken ct)
    {
        var snapshot = Current;
        if (snapshot.Version != seen)
        {
            return snapshot;
        }

        try
        {
            await snapshot.Changed.Task.WaitAsync(timeout, time, ct);
        }
        catch (TimeoutException)
        {
            // Quiet: the caller sends a keep-alive.
        }

        return Current;
    }

    /// <summary>Polls now and wakes the streams if anything changed (the loop calls it; tests may too).</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        var head = await store.FeedHeadAsync(ct);
        var jobs = await store.RunningJobsAsync(ct);
        var before = Current;
        if (head == before.Head && jobs.SequenceEqual(before.Jobs))
        {
            return;
        }

        var next = new Snapshot(before.Version + 1, head, jobs, NewPulse());
        Volatile.Write(ref _current, next);
        before.Changed.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (Volatile.Read(ref _streams) == 0)
                {
                    await _firstStream.WaitAsync(stoppingToken);
                    continue;
                }

                await PollAsync(stoppingToken);
                failures = 0;
                await Task.Delay(engine.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = StoreRetry.Delay(failures, 0);
                log.LogWarning(
                    "Event feed cannot read the store ({Error}); streams wait, retrying in {Delay}",
                    ex.Message,
                    delay
                );
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static TaskCompletionSource NewPulse() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Closer(LiveFeed feed) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Interlocked.Decrement(ref feed._streams);
            }
        }
    }
}
