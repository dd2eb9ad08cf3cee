using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private sealed class CandidateRow
    {
        public long JobId { get; set; }
        public string ItemId { get; set; } = "";
        public string Step { get; set; } = "";
        public long Attempt { get; set; }
        public long MaxAttempts { get; set; }
    }

    private sealed class QueueLimitRow
    {
        public long Paused { get; set; }
        public long? MaxRunning { get; set; }
    }

    /// <summary>
    /// Claims up to <see cref="ClaimRequest.Max"/> due jobs of one queue, each with a fresh
    /// fencing token and a lease on the database clock, and journals the start of the step.
    /// A paused queue yields nothing; a queue cap counts running jobs across every node, read
    /// after the limit row is locked (one statement would admit too many under concurrency).
    /// </summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(
        ClaimRequest request,
        CancellationToken ct
    ) => await AnyDueAsync(request, ct) ? await ClaimDueAsync(request, ct) : [];

    /// <summary>
    /// A lock-free look before taking the write lock: most claims of an idle queue find nothing,
    /// and should not queue behind the writers that do work.
    /// </summary>
    private Task<bool> AnyDueAsync(ClaimRequest request, CancellationToken ct) =>
        ReadAsync(
            async (connection, now) =>
                await Dapper.SqlMapper.ExecuteScalarAsync<long>(
                    connection,
                    new Dapper.CommandDefinition(
                        dialect.AnyDueSql,
                        new
                        {
                            queue = request.Queue,
                            now,
                            node = request.Node,
                            roles = request.Roles.ToArray(),
                        },
                        cancellationToken: ct
                    )
                ) > 0,
            ct
        );

    private Task<IReadOnlyList<ClaimedJob>> ClaimDueAsync(
        ClaimRequest request,
        CancellationToken ct
    ) =>
        WriteAsync<IReadOnlyList<ClaimedJob>>(
            async tx =>
            {
                var limit = await tx.SingleOrDefaultAsync<QueueLimitRow>(
                    dialect.LockQueueLimitSql,
                    new { queue = request.Queue }
                );
                var room = request.Max;
                if (limit is not null)
                {
                    if (limit.Paused != 0)
                    {
                        return [];
                    }

                    if (limit.MaxRunning is { } cap)
                    {
                        var running = await tx.ScalarAsync<long>(
                            "SELECT COUNT(*) FROM job WHERE queue = @queue AND state = 'running'",
                            new { queue = request.Queue }
                        );
                        room = (int)Math.Min(room, cap - running);
                    }
                }

                if (room <= 0)
                {
                    return [];
                }

                var candidates = await tx.QueryAsync<CandidateRow>(
                    dialect.ClaimCandidatesSql,
                    new
                    {
                        queue = request.Queue,
                        now = tx.Now,
                        node = request.Node,
                        roles = request.Roles.ToArray(),
                        limit = room,
                    }
                );
                var claimed = new List<ClaimedJob>(candidates.Count);
                foreach (var candidate in candidates)
                {
                    if (await ClaimOneAsync(tx, candidate, request) is { } job)
                    {
                        claimed.Add(job);
                    }
                }

                return claimed;
            },
            ct
        );

    private async Task<ClaimedJob?> ClaimOneAsync(
        Tx tx,
        CandidateRow candidate,
        ClaimRequest request
    )
    {
        var token = await tx.ScalarAsync<long>(dialect.NextLeaseTokenSql);
        var attempt = (int)candidate.Attempt + 1;
        await tx.ExecuteAsync(
            """
            UPDATE job SET state = 'running', attempt = @attempt, lease_owner = @node, lease_token = @token,
                           lease_expires_at = @expires, heartbeat_at = @now, progress = NULL, updated_at = @now
            WHERE job_id = @jobId
            """,
            new
            {
                jobId = candidate.JobId,
                attempt,
                node = request.Node,
                token,
                expires = tx.Now + (long)request.Lease.TotalMilliseconds,
                now = tx.Now,
            }
        );
        var lease = new JobLease(
            candidate.JobId,
            token,
            ItemId.Parse(candidate.ItemId),
            Names.ParseStep(candidate.Step),
            attempt,
            (int)candidate.MaxAttempts,
            request.Node
        );
        var (applied, rejection) = await ApplyAsync(
            tx,
            lease.ItemId,
            new StartStep(lease.Step, attempt),
            Cause.Of(lease)
        );
        if (applied is null)
        {
            // A job for a step the item is not at: a leftover of a race with an operator.
            // Cancel it loudly rather than run a step out of order.
            await tx.ExecuteAsync(
                "UPDATE job SET state = 'cancelled', last_error = @why, updated_at = @now WHERE job_id = @jobId",
                new
                {
                    jobId = candidate.JobId,
                    why = rejection,
                    now = tx.Now,
                }
            );
            await ReconcileJobAsync(tx, await LoadAsync(tx, lease.ItemId));
            return null;
        }

        return new ClaimedJob(lease, applied.After);
    }
}
