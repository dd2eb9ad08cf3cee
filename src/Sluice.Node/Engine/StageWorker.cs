using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Domain.Engine;
using Sluice.Store;

namespace Sluice.Node.Engine;

/// <summary>
/// A bounded worker pool for one queue on this node (the mapAsync(n) of the design): claims
/// as many due jobs as it has free slots and runs each with a <see cref="JobRunner"/>.
/// Invariants: at most <see cref="Concurrency"/> jobs of this queue run here at once; the
/// loop only waits (poll interval, a wake-up, or a slot freeing up), it never spins; a
/// database failure backs off exponentially through the TimeProvider.
/// </summary>
public sealed class StageWorker(
    string queue,
    int concurrency,
    string node,
    EngineStore store,
    JobRunner runner,
    WakeUps wakeUps,
    NodeState nodeState,
    TimeSpan leaseDuration,
    TimeSpan pollInterval,
    TimeProvider time,
    ILogger<StageWorker> log,
    Func<string, string?>? closedReason = null
) : BackgroundService
{
    /// <summary>After a failed claim: 0.5 s, doubling, at most 30 s.</summary>
    private static readonly Backoff ClaimRetry = new(
        TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(30),
        0
    );

    public string Queue => queue;

    public int Concurrency => concurrency;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopping = stoppingToken;
        var running = new List<Task>();
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            var free = concurrency - running.Count;
            var claimedFull = false;
            // A location this queue needs is gone (or the disk is protected): claim nothing,
            // so the work stays queued for this node's recovery or another node.
            if (free > 0 && nodeState.AcceptsWork && closedReason?.Invoke(queue) is null)
            {
                try
                {
                    var jobs = await store.ClaimAsync(
                        new ClaimRequest(node, queue, free, leaseDuration)
                        {
                            Roles = nodeState.Roles,
                        },
                        stopping
                    );
                    failures = 0;
                    claimedFull = jobs.Count == free;
                    running.AddRange(jobs.Select(job => RunGuardedAsync(job, stopping)));
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    failures++;
                    var delay = ClaimRetry.Delay(failures, 0);
                    log.LogWarning(
                        "Claiming from {Queue} failed ({Error}); retrying in {Delay}",
                        queue,
                        ex.Message,
                        delay
                    );
                    await DelayAsync(delay, stopping);
                    continue;
                }
            }

            if (claimedFull && running.Count < concurrency)
            {
                continue; // every free slot was filled and some are free again: there may be more
            }

            await WaitAsync(running, stopping);
        }

        // Shutdown: runners see the cancelled token, stop their tools and release their jobs.
        await Task.WhenAll(running);
    }

    private async Task RunGuardedAsync(ClaimedJob job, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            await runner.RunAsync(job, stopping);
        }
        catch (Exception ex)
        {
            // The store was unreachable while finishing: the lease will expire and a rescuer
            // hands the job back. Nothing more to do here.
            log.LogError(
                ex,
                "Finishing job {Job} of {Item} failed; its lease will expire",
                job.Lease.JobId,
                job.Lease.ItemId
            );
        }
    }

    private async Task WaitAsync(List<Task> running, CancellationToken stopping)
    {
        using var waitCts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var waits = new List<Task>
        {
            wakeUps.WaitAsync(queue, waitCts.Token),
            Task.Delay(pollInterval, time, waitCts.Token),
        };
        if (running.Count >= concurrency)
        {
            waits.Add(Task.WhenAny(running));
        }

        await Task.WhenAny(waits);
        await waitCts.CancelAsync();
        await Task.WhenAll(waits.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping);
        }
        catch (OperationCanceledException) { }
    }
}
