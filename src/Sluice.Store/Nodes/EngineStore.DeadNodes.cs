using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private sealed class PinnedRow
    {
        public long JobId { get; set; }
        public string ItemId { get; set; } = "";
        public string Step { get; set; } = "";
        public string RequiredNode { get; set; } = "";
    }

    /// <summary>
    /// Moves work waiting for a node silent longer than <paramref name="deadAfter"/> where it
    /// can go: an encode to any encoder (the source is in the vault); an encoded output that
    /// node never vaulted is given up and encoded again elsewhere. Steps that need bytes only
    /// that node has keep waiting, visibly. Idempotent; the leader runs it.
    /// </summary>
    public async Task<int> ReassignFromDeadNodesAsync(TimeSpan deadAfter, CancellationToken ct)
    {
        var pinned = await ReadAsync(
            async (connection, now) =>
                await Dapper.SqlMapper.QueryAsync<PinnedRow>(
                    connection,
                    new Dapper.CommandDefinition(
                        """
                        SELECT j.job_id AS JobId, j.item_id AS ItemId, j.step AS Step, j.required_node AS RequiredNode
                        FROM job j JOIN node n ON n.name = j.required_node
                        WHERE j.state IN ('available', 'retryable') AND n.heartbeat_at < @before
                          AND j.step IN ('encode', 'vault-encoded')
                        """,
                        new { before = now - (long)deadAfter.TotalMilliseconds },
                        cancellationToken: ct
                    )
                ),
            ct
        );
        var moved = 0;
        foreach (var job in pinned)
        {
            moved += await WriteAsync(tx => ReassignOneAsync(tx, job), ct) ? 1 : 0;
        }

        return moved;
    }

    private async Task<bool> ReassignOneAsync(Tx tx, PinnedRow job)
    {
        if (Names.ParseStep(job.Step) == Step.Encode)
        {
            return await tx.ExecuteAsync(
                    """
                    UPDATE job SET required_node = NULL, updated_at = @now
                    WHERE job_id = @jobId AND required_node = @node AND state IN ('available', 'retryable')
                    """,
                    new
                    {
                        jobId = job.JobId,
                        node = job.RequiredNode,
                        now = tx.Now,
                    }
                ) == 1;
        }

        var itemId = ItemId.Parse(job.ItemId);
        var (applied, _) = await ApplyAsync(
            tx,
            itemId,
            new LoseOutput(job.RequiredNode),
            Cause.Operator("cluster")
        );
        if (applied is null)
        {
            return false;
        }

        await ReconcileJobAsync(tx, applied.After);
        return true;
    }
}
