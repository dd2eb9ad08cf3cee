using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Store;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Library;

/// <summary>
/// Carries out library operations on a node with the sanitize role (the one that owns the
/// library folder). Invariants: at most one operation runs here at a time; its lease is renewed
/// every quarter lease and, once a renewal is refused, the operation stops without another
/// write; at shutdown the operation is released so the next start resumes it at once; a
/// transient failure releases it and waits (backing off) before claiming again.
/// </summary>
public sealed class LibraryWorker(
    EngineStore store,
    LibraryExecutor executor,
    NodeState node,
    WakeUps wakeUps,
    IOptions<EngineOptions> engine,
    TimeProvider time,
    ILogger<LibraryWorker> log
) : BackgroundService
{
    /// <summary>After a failed claim: 0.5 s, doubling, at most 30 s.</summary>
    private static readonly Backoff ClaimRetry = new(
        TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(30),
        0
    );

    /// <summary>Before an operation's next attempt: 1 s after the first, doubling, at most a minute.</summary>
    private static readonly Backoff StepRetry = new(
        TimeSpan.FromSeconds(1),
        TimeSpan.FromMinutes(1),
        0
    );

    public const string Queue = "library";

    /// <summary>Attempts an operation gets against transient errors (a remote down) before it fails.</summary>
    public const int MaxAttempts = 10;

    public static string Role => Roles.Sanitize;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Has(Role))
        {
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A node started again under its name holds nothing from before: what its
                // previous instance held (it was killed) is free now, not when the lease runs out.
                await store.ReleaseLibraryOpsOfAsync(node.Name, stoppingToken);
                break;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                log.LogWarning("Library operations: store unreachable ({Error})", ex.Message);
                await DelayAsync(TimeSpan.FromSeconds(Math.Min(30, failures)), stoppingToken);
            }
        }

        failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var backoff = TimeSpan.Zero;
            try
            {
                var lease = node.AcceptsWork
                    ? await store.ClaimLibraryOpAsync(
                        node.Name,
                        node.Roles,
                        engine.Value.LeaseDuration,
                        stoppingToken
                    )
                    : null;
                if (lease is not null)
                {
                    backoff = await RunAsync(lease, stoppingToken);
                    failures = 0;
                    if (backoff == TimeSpan.Zero)
                    {
                        continue;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                backoff = ClaimRetry.Delay(failures, 0);
                log.LogWarning("Claiming a library operation failed ({Error})", ex.Message);
            }

            await WaitAsync(
                backoff > TimeSpan.Zero ? backoff : engine.Value.PollInterval,
                stoppingToken
            );
        }
    }

    /// <summary>Runs one operation; returns how long to wait before claiming again (zero: at once).</summary>
    private async Task<TimeSpan> RunAsync(LibraryOpLease lease, CancellationToken stopping)
    {
        var op = lease.Op;
        log.LogInformation(
            "Library operation {Op} ({Tool} {Folder}) attempt {Attempt}: {Done}/{Total} steps done{Resuming}",
            op.Id,
            op.Tool,
            op.Folder,
            lease.Attempt,
            op.StepsDone,
            op.StepsTotal,
            lease.Attempt > 1 ? ", resuming" : ""
        );
        using var leaseCts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var keeper = KeepLeaseAsync(lease, leaseCts);
        try
        {
            await executor.RunAsync(lease, leaseCts.Token);
            await StopAsync(leaseCts, keeper);
            await store.FinishLibraryOpAsync(lease, null, CancellationToken.None);
            log.LogInformation("Library operation {Op} done", op.Id);
            return TimeSpan.Zero;
        }
        catch (Exception ex)
        {
            var lost = await StopAsync(leaseCts, keeper);
            if (lost || ex is LibraryLeaseLostException)
            {
                log.LogWarning("Library operation {Op}: lease lost; another node goes on", op.Id);
                return TimeSpan.Zero;
            }

            if (ex is OperationCanceledException && stopping.IsCancellationRequested)
            {
                await store.ReleaseLibraryOpAsync(lease, null, CancellationToken.None);
                log.LogInformation("Library operation {Op}: released at shutdown", op.Id);
                return TimeSpan.Zero;
            }

            var permanent =
                ex is LibraryStepException or InvalidTransitionException
                || (ex is RcloneException r && r.Kind != RcloneErrorKind.Transient)
                || lease.Attempt >= MaxAttempts;
            log.LogWarning(
                "Library operation {Op} {Outcome}: {Error}",
                op.Id,
                permanent ? "failed" : "will be retried",
                ex.Message
            );
            if (permanent)
            {
                await store.FinishLibraryOpAsync(lease, ex.Message, CancellationToken.None);
                return TimeSpan.Zero;
            }

            await store.ReleaseLibraryOpAsync(lease, ex.Message, CancellationToken.None);
            return StepRetry.Delay(lease.Attempt, 0);
        }
    }

    private static async Task<bool> StopAsync(CancellationTokenSource leaseCts, Task<bool> keeper)
    {
        if (!keeper.IsCompleted)
        {
            await leaseCts.CancelAsync();
        }

        return await keeper;
    }

    /// <summary>Renews every quarter lease; true when the lease was lost (and the work cancelled).</summary>
    private async Task<bool> KeepLeaseAsync(LibraryOpLease lease, CancellationTokenSource leaseCts)
    {
        var duration = engine.Value.LeaseDuration;
        var lastOk = time.GetTimestamp();
        while (!leaseCts.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(duration / 4, time, leaseCts.Token);
                if (!await store.HeartbeatLibraryOpAsync(lease, duration, leaseCts.Token))
                {
                    await leaseCts.CancelAsync();
                    return true;
                }

                lastOk = time.GetTimestamp();
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (Exception ex) when (time.GetElapsedTime(lastOk) >= duration / 2)
            {
                // The database is unreachable: stop before the lease can run out, so another
                // node's claim never overlaps this run.
                log.LogWarning(
                    "Library operation {Op}: heartbeats failing ({Error}); stopping",
                    lease.OpId,
                    ex.Message
                );
                await leaseCts.CancelAsync();
                return true;
            }
            catch (Exception)
            {
                // Keep trying until half the lease has gone by.
            }
        }

        return false;
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stopping)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        await Task.WhenAny(wakeUps.WaitAsync(Queue, cts.Token), Task.Delay(delay, time, cts.Token));
        await cts.CancelAsync();
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
