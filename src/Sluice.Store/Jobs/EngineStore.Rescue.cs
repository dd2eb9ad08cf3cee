using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private sealed class ExpiredRow
    {
        public long JobId { get; set; }
        public string ItemId { get; set; } = "";
        public string Step { get; set; } = "";
        public string Queue { get; set; } = "";
        public long Attempt { get; set; }
        public long MaxAttempts { get; set; }
        public string LeaseOwner { get; set; } = "";
        public long LeaseToken { get; set; }
    }

    /// <summary>
    /// Hands back every running job whose lease ran out on the database clock: the node that
    /// held it died, froze or lost the database. Idempotent; any node may run it.
    /// </summary>
    public Task<int> RescueExpiredAsync(CancellationToken ct) =>
        RescueAsync("state = 'running' AND lease_expires_at < @now", null, ct);

    /// <summary>
    /// At start, a node takes back the jobs its previous (crashed) instance held, without
    /// waiting for their leases to run out.
    /// </summary>
    public Task<int> RescueOwnAsync(string node, CancellationToken ct) =>
        RescueAsync("state = 'running' AND lease_owner = @node", node, ct);

    /// <summary>
    /// The operator says the node is gone: its leases expire now and it counts as long dead, so
    /// work waiting for it moves at the next maintenance pass. If it is in fact alive, its next
    /// heartbeat brings it back and its workers find their leases lost.
    /// </summary>
    public async Task<int> DownNodeAsync(string node, CancellationToken ct)
    {
        await WriteAsync(
            tx =>
                tx.ExecuteAsync(
                    "UPDATE node SET heartbeat_at = 0 WHERE name = @node",
                    new { node }
                ),
            ct
        );
        return await RescueOwnAsync(node, ct);
    }

    private async Task<int> RescueAsync(string where, string? node, CancellationToken ct)
    {
        var expired = await ReadAsync(
            async (connection, now) =>
                await Dapper.SqlMapper.QueryAsync<ExpiredRow>(
                    connection,
                    new Dapper.CommandDefinition(
                        $"""
                        SELECT job_id AS JobId, item_id AS ItemId, step AS Step, queue AS Queue, attempt AS Attempt,
                               max_attempts AS MaxAttempts, lease_owner AS LeaseOwner, lease_token AS LeaseToken
                        FROM job WHERE {where}
                        """,
                        new { now, node },
                        cancellationToken: ct
                    )
                ),
            ct
        );
        var rescued = 0;
        foreach (var job in expired)
        {
            // One transaction per job, fenced on the token seen: a heartbeat that renewed
            // the lease in between wins and the job is left alone.
            rescued += await WriteAsync(tx => RescueOneAsync(tx, job, where, node), ct) ? 1 : 0;
        }

        return rescued;
    }

    private async Task<bool> RescueOneAsync(Tx tx, ExpiredRow job, string where, string? node)
    {
        var updated = await tx.ExecuteAsync(
            $"""
            UPDATE job SET state = 'retryable', run_at = @now, lease_owner = NULL, lease_expires_at = NULL,
                           last_error = @why, updated_at = @now,
                           required_node = CASE WHEN @movable = 1 THEN NULL ELSE required_node END
            WHERE job_id = @jobId AND lease_token = @token AND {where}
            """,
            new
            {
                jobId = job.JobId,
                token = job.LeaseToken,
                now = tx.Now,
                node,
                why = $"lease lost by node {job.LeaseOwner}",
                movable = Placement.MovesOnFailover(Names.ParseStep(job.Step)) ? 1 : 0,
            }
        );
        if (updated != 1)
        {
            return false;
        }

        await NotifyQueueAsync(tx, job.Queue);
        var itemId = ItemId.Parse(job.ItemId);
        var command = new ExpireLease(
            Names.ParseStep(job.Step),
            (int)job.Attempt,
            (int)job.MaxAttempts,
            job.LeaseOwner
        );
        var (applied, _) = await ApplyAsync(
            tx,
            itemId,
            command,
            new Cause(job.JobId, job.LeaseToken, job.LeaseOwner, (int)job.Attempt)
        );
        if (applied is null)
        {
            // The item moved on without this job (an operator acted): let the snapshot decide.
            await ReconcileJobAsync(tx, await LoadAsync(tx, itemId));
        }
        else if (applied.After.State == ItemState.Failed)
        {
            await tx.ExecuteAsync(
                "UPDATE job SET state = 'discarded', updated_at = @now WHERE job_id = @jobId",
                new { jobId = job.JobId, now = tx.Now }
            );
        }

        return true;
    }

    /// <summary>A read outside any write transaction, with the database's now.</summary>
    private async Task<T> ReadAsync<T>(
        Func<System.Data.Common.DbConnection, long, Task<T>> read,
        CancellationToken ct
    )
    {
        await using var connection = await dialect.OpenAsync(ct);
        var now = await dialect.NowAsync(connection, null, ct);
        return await read(connection, now);
    }
}
