using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private const string Fence = "job_id = @jobId AND lease_token = @token AND state = 'running'";

    /// <summary>Renews the lease and records progress. False: the lease is gone; stop the tool.</summary>
    public async Task<bool> HeartbeatAsync(
        JobLease lease,
        TimeSpan duration,
        string? progress,
        CancellationToken ct
    )
    {
        using var writer = await dialect.EnterWriterAsync(ct);
        await using var connection = await dialect.OpenAsync(ct);
        var now = await dialect.NowAsync(connection, null, ct);
        var updated = await Dapper.SqlMapper.ExecuteAsync(
            connection,
            new Dapper.CommandDefinition(
                $"""
                UPDATE job SET heartbeat_at = @now, lease_expires_at = @expires, updated_at = @now,
                               progress = COALESCE(@progress, progress)
                WHERE {Fence}
                """,
                new
                {
                    jobId = lease.JobId,
                    token = lease.Token,
                    now,
                    expires = now + (long)duration.TotalMilliseconds,
                    progress,
                },
                cancellationToken: ct
            )
        );
        return updated == 1;
    }

    /// <summary>
    /// Completes the step with its outcome: job done, events appended, snapshot moved and the
    /// next step enqueued, all or nothing. An outcome the machine rejects is a bug and throws.
    /// </summary>
    public Task<(LeaseWrite Result, Step? Next)> CompleteAsync(
        JobLease lease,
        ItemCommand outcome,
        CancellationToken ct
    ) =>
        WriteAsync<(LeaseWrite, Step?)>(
            async tx =>
            {
                if (!await FenceAsync(tx, lease, "completed"))
                {
                    return (LeaseWrite.LeaseLost, null);
                }

                var (applied, rejection) = await ApplyAsync(
                    tx,
                    lease.ItemId,
                    outcome,
                    Cause.Of(lease)
                );
                if (applied is null)
                {
                    throw new InvalidTransitionException(rejection!);
                }

                return (LeaseWrite.Applied, await ReconcileJobAsync(tx, applied.After));
            },
            ct
        );

    /// <summary>Journals a fact in the middle of a step (a channel notified) without ending it.</summary>
    public Task<LeaseWrite> RecordAsync(JobLease lease, ItemCommand fact, CancellationToken ct) =>
        WriteAsync(
            async tx =>
            {
                if (!await FenceAsync(tx, lease, "running"))
                {
                    return LeaseWrite.LeaseLost;
                }

                var (applied, rejection) = await ApplyAsync(
                    tx,
                    lease.ItemId,
                    fact,
                    Cause.Of(lease)
                );
                return applied is null
                    ? throw new InvalidTransitionException(rejection!)
                    : LeaseWrite.Applied;
            },
            ct
        );

    /// <summary>
    /// Records a failed attempt: retried after backoff while the budget lasts and the error is
    /// transient, otherwise the item is quarantined (failed, with the reason) for an operator.
    /// </summary>
    public Task<LeaseWrite> FailAsync(
        JobLease lease,
        string error,
        bool permanent,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                var retryAt =
                    tx.Now
                    + (long)policy.Backoff.Delay(lease.Attempt, policy.Jitter()).TotalMilliseconds;
                var fenced = await tx.ExecuteAsync(
                    $"""
                    UPDATE job SET state = 'retryable', run_at = @retryAt, last_error = @error,
                                   lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                    WHERE {Fence}
                    """,
                    new
                    {
                        jobId = lease.JobId,
                        token = lease.Token,
                        retryAt,
                        error,
                        now = tx.Now,
                    }
                );
                if (fenced != 1)
                {
                    return LeaseWrite.LeaseLost;
                }

                var command = new FailStep(
                    lease.Step,
                    lease.Attempt,
                    lease.MaxAttempts,
                    error,
                    permanent,
                    Time(retryAt)
                );
                var (applied, rejection) = await ApplyAsync(
                    tx,
                    lease.ItemId,
                    command,
                    Cause.Of(lease)
                );
                if (applied is null)
                {
                    throw new InvalidTransitionException(rejection!);
                }

                if (applied.After.State == ItemState.Failed)
                {
                    await tx.ExecuteAsync(
                        "UPDATE job SET state = 'discarded', updated_at = @now WHERE job_id = @jobId",
                        new { jobId = lease.JobId, now = tx.Now }
                    );
                }

                return LeaseWrite.Applied;
            },
            ct
        );

    /// <summary>Hands a job back at shutdown without spending an attempt, so a restart resumes it at once.</summary>
    public Task<LeaseWrite> ReleaseAsync(JobLease lease, CancellationToken ct) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    $"""
                    UPDATE job SET state = 'retryable', attempt = attempt - 1, run_at = @now,
                                   lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                    WHERE {Fence}
                    """,
                    new
                    {
                        jobId = lease.JobId,
                        token = lease.Token,
                        now = tx.Now,
                    }
                ) == 1
                    ? LeaseWrite.Applied
                    : LeaseWrite.LeaseLost,
            ct
        );

    /// <summary>
    /// Puts a job off until <paramref name="runAt"/> without spending an attempt: the step could
    /// not run for a reason outside the item (a destination's upload window or daily limit). The
    /// reason stays on the job, so `ctl item show` says why it waits.
    /// </summary>
    public Task<LeaseWrite> DeferAsync(
        JobLease lease,
        DateTimeOffset runAt,
        string reason,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    $"""
                    UPDATE job SET state = 'retryable', attempt = attempt - 1,
                                   run_at = CASE WHEN @runAt > @now THEN @runAt ELSE @now END,
                                   last_error = @reason,
                                   lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                    WHERE {Fence}
                    """,
                    new
                    {
                        jobId = lease.JobId,
                        token = lease.Token,
                        runAt = runAt.ToUnixTimeMilliseconds(),
                        reason,
                        now = tx.Now,
                    }
                ) == 1
                    ? LeaseWrite.Applied
                    : LeaseWrite.LeaseLost,
            ct
        );

    private static async Task<bool> FenceAsync(Tx tx, JobLease lease, string newState) =>
        await tx.ExecuteAsync(
            $"""
            UPDATE job SET state = @newState, updated_at = @now,
                           lease_expires_at = CASE WHEN @newState = 'running' THEN lease_expires_at ELSE NULL END
            WHERE {Fence}
            """,
            new
            {
                jobId = lease.JobId,
                token = lease.Token,
                newState,
                now = tx.Now,
            }
        ) == 1;
}
