using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Node.Metrics;
using Sluice.Store;

namespace Sluice.Node.Engine;

/// <summary>
/// Runs one claimed job: keeps its lease alive, runs the handler, then completes or fails it
/// under the lease. Invariants:
/// <list type="bullet">
/// <item>Only this runner writes for its lease, and only through fenced store calls.</item>
/// <item>When the lease is lost (heartbeat refused, or heartbeats failing for half the lease)
/// the handler is cancelled and nothing is written: the new holder owns the item.</item>
/// <item>At shutdown the job is released (not failed), so no attempt is spent on a restart.</item>
/// <item><c>transitionTimed</c> hears how long each completing transaction took (metrics, benchmarks).</item>
/// </list>
/// </summary>
public sealed class JobRunner(
    EngineStore store,
    IReadOnlyDictionary<Step, IStepHandler> handlers,
    WakeUps wakeUps,
    TimeSpan leaseDuration,
    TimeProvider time,
    ILogger<JobRunner> log,
    Action<TimeSpan>? transitionTimed = null,
    NodeMetrics? metrics = null
)
{
    public async Task RunAsync(ClaimedJob job, CancellationToken stopping)
    {
        var lease = job.Lease;
        var context = new StepContext(job, store);
        using var leaseCts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var keeper = KeepLeaseAsync(context, leaseCts);
        log.LogInformation(
            "{Step} {Item} ({Name}) attempt {Attempt}/{Max}",
            Names.Of(lease.Step),
            lease.ItemId,
            job.Item.Name,
            lease.Attempt,
            lease.MaxAttempts
        );
        var began = time.GetTimestamp();
        void Ended(StepOutcome outcome) =>
            metrics?.StepEnded(lease.Step, outcome, time.GetElapsedTime(began));
        try
        {
            var handler = handlers.TryGetValue(lease.Step, out var h)
                ? h
                : throw new InvalidOperationException(
                    $"No handler for step {Names.Of(lease.Step)} on this node."
                );
            var outcome = await handler.RunAsync(context, leaseCts.Token);
            await StopKeeperAsync(leaseCts, keeper);
            var started = time.GetTimestamp();
            var (result, next) = await store.CompleteAsync(lease, outcome, CancellationToken.None);
            transitionTimed?.Invoke(time.GetElapsedTime(started));
            if (result == LeaseWrite.LeaseLost)
            {
                Ended(StepOutcome.LeaseLost);
                log.LogWarning(
                    "{Step} {Item}: finished after losing the lease; result discarded",
                    Names.Of(lease.Step),
                    lease.ItemId
                );
                return;
            }

            Ended(StepOutcome.Completed);

            if (next is { } step)
            {
                wakeUps.Poke(store.Policy.For(step).Queue);
            }
        }
        catch (Exception ex)
        {
            // Settle the keeper first: when it cancels the step, the step's cancellation can
            // surface here before the keeper has returned its verdict.
            var keeperLost = await StopKeeperAsync(leaseCts, keeper);
            if (ex is LeaseLostException || (ex is OperationCanceledException && keeperLost))
            {
                Ended(StepOutcome.LeaseLost);
                log.LogWarning(
                    "{Step} {Item}: lease lost; work discarded",
                    Names.Of(lease.Step),
                    lease.ItemId
                );
                return;
            }

            if (ex is OperationCanceledException && stopping.IsCancellationRequested)
            {
                Ended(StepOutcome.Released);
                await store.ReleaseAsync(lease, CancellationToken.None);
                log.LogInformation(
                    "{Step} {Item}: released at shutdown",
                    Names.Of(lease.Step),
                    lease.ItemId
                );
                return;
            }

            if (ex is DeferStepException deferred)
            {
                Ended(StepOutcome.Deferred);
                log.LogInformation(
                    "{Step} {Item}: put off until {Until:u}, no attempt spent: {Reason}",
                    Names.Of(lease.Step),
                    lease.ItemId,
                    deferred.Until,
                    deferred.Message
                );
                await store.DeferAsync(
                    lease,
                    deferred.Until,
                    deferred.Message,
                    CancellationToken.None
                );
                return;
            }

            var permanent = ex is PermanentStepException or InvalidTransitionException;
            log.LogWarning(
                "{Step} {Item} attempt {Attempt} failed ({Kind}): {Error}",
                Names.Of(lease.Step),
                lease.ItemId,
                lease.Attempt,
                permanent ? "permanent" : "transient",
                ex.Message
            );
            Ended(
                permanent || lease.Attempt >= lease.MaxAttempts
                    ? StepOutcome.Failed
                    : StepOutcome.Retry
            );
            await store.FailAsync(lease, Describe(ex), permanent, CancellationToken.None);
            wakeUps.Poke(store.Policy.For(lease.Step).Queue);
        }
    }

    private static string Describe(Exception ex) =>
        ex is PermanentStepException or InvalidTransitionException || ex.InnerException is null
            ? ex.Message
            : $"{ex.Message} ({ex.InnerException.Message})";

    /// <summary>Stops the keeper (if still running) and returns whether it had found the lease lost.</summary>
    private static async Task<bool> StopKeeperAsync(
        CancellationTokenSource leaseCts,
        Task<bool> keeper
    )
    {
        if (!keeper.IsCompleted)
        {
            await leaseCts.CancelAsync();
        }

        return await keeper;
    }

    /// <summary>
    /// New progress reaches the store (and so every node's event stream and `ctl jobs`) at most
    /// this often, in a heartbeat of its own; without new progress the lease is renewed every
    /// quarter lease as before.
    /// </summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Heartbeats every quarter lease, and sooner when the step reported new progress.
    /// Returns true when the lease was lost (and the step cancelled).
    /// </summary>
    private async Task<bool> KeepLeaseAsync(StepContext context, CancellationTokenSource leaseCts)
    {
        var renewEvery = leaseDuration / 4;
        var tick = renewEvery < ProgressInterval ? renewEvery : ProgressInterval;
        var lastOk = time.GetTimestamp();
        string? written = null;
        while (!leaseCts.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, time, leaseCts.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            var progress = context.Progress;
            if (time.GetElapsedTime(lastOk) < renewEvery && progress == written)
            {
                continue;
            }

            try
            {
                if (
                    !await store.HeartbeatAsync(
                        context.Lease,
                        leaseDuration,
                        progress,
                        leaseCts.Token
                    )
                )
                {
                    await leaseCts.CancelAsync();
                    return true;
                }

                lastOk = time.GetTimestamp();
                written = progress;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (Exception ex)
            {
                // The database is unreachable: keep trying, but stop the tool before the lease can
                // run out, so a rescuer's new claim never overlaps this run.
                if (time.GetElapsedTime(lastOk) >= leaseDuration / 2)
                {
                    log.LogWarning(
                        "Heartbeats failing for half the lease ({Error}); stopping {Item}",
                        ex.Message,
                        context.Lease.ItemId
                    );
                    await leaseCts.CancelAsync();
                    return true;
                }
            }
        }

        return false;
    }
}
