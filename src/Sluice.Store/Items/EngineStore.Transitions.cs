using System.Collections.Immutable;
using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    /// <summary>Who and what caused an event, for the journal's timeline columns.</summary>
    private sealed record Cause(long? JobId, long? Token, string? Node, int? Attempt)
    {
        public static Cause Operator(string by) => new(null, null, by, null);

        public static Cause Of(JobLease lease) =>
            new(lease.JobId, lease.Token, lease.Node, lease.Attempt);
    }

    private sealed record Applied(Item Before, Item After, ImmutableArray<ItemEvent> Events);

    private sealed class SnapshotRow
    {
        public string Data { get; set; } = "";
        public long Version { get; set; }
    }

    /// <summary>The snapshot, locked until the transaction ends so concurrent writers to one item queue up.</summary>
    private async Task<Item> LoadAsync(Tx tx, ItemId id)
    {
        var row =
            await tx.SingleOrDefaultAsync<SnapshotRow>(
                dialect.LockItemSql,
                new { id = id.ToString() }
            ) ?? throw new ItemNotFoundException($"No item {id}.");
        return ItemJson.DeserializeItem(row.Data);
    }

    /// <summary>
    /// Decide, append, compare-and-set: the one way an item changes. Returns the rejection
    /// instead of throwing so callers choose whether a rejection is a bug or an answer.
    /// </summary>
    private async Task<(Applied? Applied, string? Rejection)> ApplyAsync(
        Tx tx,
        ItemId id,
        ItemCommand command,
        Cause cause
    )
    {
        var before = await LoadAsync(tx, id);
        var decision = ItemMachine.Decide(before, command);
        if (decision.IsRejected)
        {
            return (null, decision.Rejection);
        }

        var after = before;
        foreach (var e in decision.Events)
        {
            after = ItemMachine.Apply(after, e, id);
            await AppendAsync(tx, id, after.Version, e, cause);
        }

        var updated = await tx.ExecuteAsync(
            """
            UPDATE item SET state = @state, version = @version, library_path = @libraryPath,
                            data = @data, updated_at = @now
            WHERE item_id = @id AND version = @expected
            """,
            new
            {
                id = id.ToString(),
                state = Names.Of(after.State),
                version = after.Version,
                libraryPath = after.LibraryPath,
                data = ItemJson.Serialize(after),
                now = tx.Now,
                expected = before.Version,
            }
        );
        if (updated != 1)
        {
            // Cannot happen under the write lock unless the snapshot and journal disagree.
            throw new InvalidOperationException($"Item {id} changed under a write transaction.");
        }

        await ProjectAsync(tx, id, decision.Events);
        return (new Applied(before, after, decision.Events), null);
    }

    private static Task<int> AppendAsync(Tx tx, ItemId id, int seq, ItemEvent e, Cause cause) =>
        tx.ExecuteAsync(
            """
            INSERT INTO item_event(item_id, seq, type, payload, job_id, lease_token, node, attempt, at)
            VALUES (@id, @seq, @type, @payload, @jobId, @token, @node, @attempt, @now)
            """,
            new
            {
                id = id.ToString(),
                seq,
                type = ItemJson.TypeOf(e),
                payload = ItemJson.Serialize(e),
                jobId = cause.JobId,
                token = cause.Token,
                node = cause.Node,
                attempt = cause.Attempt,
                now = tx.Now,
            }
        );

    /// <summary>Side tables that follow from events, kept in the same transaction.</summary>
    private static async Task ProjectAsync(Tx tx, ItemId id, ImmutableArray<ItemEvent> events)
    {
        foreach (var e in events)
        {
            await ProjectPinAsync(tx, id, e);
            await ProjectOutboxAsync(tx, id, e);
        }
    }

    private sealed class ActiveJobRow
    {
        public long JobId { get; set; }
        public string Step { get; set; } = "";
    }

    /// <summary>
    /// Makes the jobs agree with the snapshot: a resting item has no active job; an item with
    /// a next step has exactly one, for that step. Returns the step enqueued, if any.
    /// </summary>
    private async Task<Step?> ReconcileJobAsync(Tx tx, Item item)
    {
        var active = await tx.QueryAsync<ActiveJobRow>(
            """
            SELECT job_id AS JobId, step AS Step FROM job
            WHERE item_id = @id AND state IN ('available', 'running', 'retryable')
            """,
            new { id = item.Id.ToString() }
        );
        var desired = Pipeline.NextStep(item);
        foreach (
            var stale in active.Where(j => desired is null || j.Step != Names.Of(desired.Value))
        )
        {
            await tx.ExecuteAsync(
                """
                UPDATE job SET state = 'cancelled', lease_expires_at = NULL, updated_at = @now,
                               last_error = COALESCE(last_error, 'superseded: the item moved on')
                WHERE job_id = @jobId
                """,
                new { jobId = stale.JobId, now = tx.Now }
            );
        }

        if (desired is not { } step || active.Any(j => j.Step == Names.Of(step)))
        {
            return null;
        }

        await EnqueueAsync(tx, item, step);
        return step;
    }

    private async Task EnqueueAsync(Tx tx, Item item, Step step)
    {
        var stepPolicy = policy.For(step);
        var holderRoles = item.Holder is { } holder
            ? await tx.SingleOrDefaultAsync<string>(
                "SELECT roles FROM node WHERE name = @holder",
                new { holder }
            )
            : null;
        var requiredNode = Placement.RequiredNode(
            item,
            step,
            (node, s) =>
                node == item.Holder
                && (holderRoles?.Split(',').Contains(Placement.RoleOf(s)) ?? false)
        );
        await tx.ExecuteAsync(
            """
            INSERT INTO job(item_id, step, queue, required_role, required_node, state, run_at, attempt, max_attempts, created_at, updated_at)
            VALUES (@id, @step, @queue, @role, @requiredNode, 'available', @now, 0, @maxAttempts, @now, @now)
            """,
            new
            {
                id = item.Id.ToString(),
                step = Names.Of(step),
                queue = stepPolicy.Queue,
                role = stepPolicy.Role,
                requiredNode,
                maxAttempts = stepPolicy.MaxAttempts,
                now = tx.Now,
            }
        );
        await NotifyQueueAsync(tx, stepPolicy.Queue);
        if (step == Step.Notify)
        {
            await QueueAnnouncementsAsync(tx, item);
        }
    }

    /// <summary>Wakes listening nodes for the queue once the transaction commits.</summary>
    private async Task NotifyQueueAsync(Tx tx, string queue)
    {
        if (dialect.NotifyJobSql is { } notify)
        {
            await tx.ExecuteAsync(notify, new { queue });
        }
    }
}
