using System.Data.Common;
using Sluice.Store.Schema;

namespace Sluice.Store;

/// <summary>
/// What differs between SQLite and PostgreSQL, chosen once at composition time. Everything
/// else in the store is one code path with parameterised SQL shared by both.
/// </summary>
public interface IStoreDialect
{
    string Name { get; }

    /// <summary>Opens a connection with the per-connection settings applied.</summary>
    Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// Queues this process's writers in memory before they ask the database for its write
    /// lock. SQLite: one writer at a time anyway, and its busy handler waits by sleeping in
    /// steps of milliseconds, so in-process contention is far cheaper here. Other processes
    /// still meet on the busy timeout. PostgreSQL: nothing to queue.
    /// </summary>
    Task<IDisposable> EnterWriterAsync(CancellationToken ct);

    /// <summary>Starts a transaction that may write. SQLite: BEGIN IMMEDIATE, so the write lock is taken up front.</summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>
    /// The database's idea of now, in Unix milliseconds. Leases expire on this clock, never a
    /// node's: PostgreSQL asks the server; SQLite (one machine, one clock) reads the injected TimeProvider.
    /// </summary>
    Task<long> NowAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct);

    IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Serialises migrations between processes for the rest of the transaction.</summary>
    string MigrationLockSql { get; }

    /// <summary>Creates the schema_version table if it is missing.</summary>
    string CreateVersionTableSql { get; }

    /// <summary>Claimable jobs of one queue: @queue, @now, @node, @roles, @limit → job_id, item_id, step, attempt, max_attempts.</summary>
    string ClaimCandidatesSql { get; }

    /// <summary>1 when the queue has a due job this node may claim (@queue, @now, @node, @roles), else 0; read without locks.</summary>
    string AnyDueSql { get; }

    /// <summary>An item's snapshot, locked for the rest of the transaction where the dialect can: @id → data, version.</summary>
    string LockItemSql { get; }

    /// <summary>Wakes listening nodes when a job is queued (@queue), delivered at commit; null where there are no listeners.</summary>
    string? NotifyJobSql { get; }

    /// <summary>
    /// Whether this process is the leader for idempotent maintenance (rescue, pruning). SQLite:
    /// always (the process is the singleton). PostgreSQL: holds a session advisory lock on a
    /// dedicated connection; losing the connection loses the lock, and the next call retries.
    /// A leader whose process freezes stops using its session; the server ends a session idle
    /// for <paramref name="idleTimeout"/>, so a frozen leader cannot hold the lock forever.
    /// Call more often than <paramref name="idleTimeout"/>.
    /// </summary>
    Task<bool> TryLeadAsync(TimeSpan idleTimeout, CancellationToken ct);

    /// <summary>True where <see cref="ListenAsync"/> delivers wake-ups from other nodes.</summary>
    bool CanListen { get; }

    /// <summary>Calls <paramref name="onJobQueued"/> with the queue of every job queued anywhere, until cancelled or the connection fails (then it throws).</summary>
    Task ListenAsync(Action<string> onJobQueued, CancellationToken ct);

    /// <summary>A failure worth running the whole transaction again for (deadlock, serialization failure, busy).</summary>
    bool IsTransient(Exception exception);

    /// <summary>The queue's limit row, locked where the dialect can: @queue → paused, max_running.</summary>
    string LockQueueLimitSql { get; }

    /// <summary>Returns a fresh fencing token, larger than every earlier one.</summary>
    string NextLeaseTokenSql { get; }

    /// <summary>The step a failed item failed at, as text, read from the snapshot of alias <c>i</c>.</summary>
    string FailedStepSql { get; }

    /// <summary>
    /// Journal events after the cursor (@tx, @pos) in feed order, at most @limit, only those
    /// no later commit can precede: → Tx, Pos, ItemId, Seq, Type, Payload, At, JobId, Node,
    /// Attempt, Name, State (the item's name and state now).
    /// </summary>
    string JournalFeedSql { get; }

    /// <summary>The cursor (Tx, Pos) of the last event <see cref="JournalFeedSql"/> can return now; no row when the journal is empty.</summary>
    string JournalHeadSql { get; }
}
