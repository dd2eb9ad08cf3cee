using Dapper;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private sealed class QueueRow
    {
        public string Queue { get; set; } = "";
        public long Paused { get; set; }
        public long? MaxRunning { get; set; }
        public long Waiting { get; set; }
        public long Running { get; set; }
        public long Retrying { get; set; }
    }

    /// <summary>Pauses a queue across the cluster (no node claims from it) or resumes it.</summary>
    public Task SetPausedAsync(string queue, bool paused, CancellationToken ct) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    """
                    INSERT INTO queue_limit(queue, max_running, paused) VALUES (@queue, NULL, @paused)
                    ON CONFLICT (queue) DO UPDATE SET paused = @paused
                    """,
                    new { queue, paused = paused ? 1 : 0 }
                ),
            ct
        );

    /// <summary>Caps how many jobs of a queue run at once across every node; null removes the cap.</summary>
    public Task SetLimitAsync(string queue, int? maxRunning, CancellationToken ct) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    """
                    INSERT INTO queue_limit(queue, max_running, paused) VALUES (@queue, @maxRunning, 0)
                    ON CONFLICT (queue) DO UPDATE SET max_running = @maxRunning
                    """,
                    new { queue, maxRunning }
                ),
            ct
        );

    /// <summary>Every queue that has jobs or controls, with its counts.</summary>
    public async Task<IReadOnlyList<QueueView>> ListQueuesAsync(
        IEnumerable<string> known,
        CancellationToken ct
    )
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = (
            await connection.QueryAsync<QueueRow>(
                new CommandDefinition(
                    """
                    SELECT q.queue AS Queue, COALESCE(l.paused, 0) AS Paused, l.max_running AS MaxRunning,
                           (SELECT COUNT(*) FROM job j WHERE j.queue = q.queue AND j.state = 'available') AS Waiting,
                           (SELECT COUNT(*) FROM job j WHERE j.queue = q.queue AND j.state = 'running') AS Running,
                           (SELECT COUNT(*) FROM job j WHERE j.queue = q.queue AND j.state = 'retryable') AS Retrying
                    FROM (SELECT queue FROM queue_limit UNION SELECT DISTINCT queue FROM job) q
                    LEFT JOIN queue_limit l ON l.queue = q.queue
                    """,
                    cancellationToken: ct
                )
            )
        ).ToDictionary(r => r.Queue);
        return
        [
            .. known
                .Union(rows.Keys)
                .Order(StringComparer.Ordinal)
                .Select(q =>
                    rows.TryGetValue(q, out var r)
                        ? new QueueView(
                            q,
                            r.Paused != 0,
                            (int?)r.MaxRunning,
                            (int)r.Waiting,
                            (int)r.Running,
                            (int)r.Retrying
                        )
                        : new QueueView(q, false, null, 0, 0, 0)
                ),
        ];
    }

    /// <summary>
    /// Deletes finished job rows older than <paramref name="retention"/>. The journal keeps the
    /// history; job rows are only the engine's work list. Idempotent; the leader runs it.
    /// </summary>
    public Task<int> PruneJobsAsync(TimeSpan retention, CancellationToken ct) =>
        WriteAsync(
            tx =>
                tx.ExecuteAsync(
                    "DELETE FROM job WHERE state IN ('completed', 'cancelled', 'discarded') AND updated_at < @before",
                    new { before = tx.Now - (long)retention.TotalMilliseconds }
                ),
            ct
        );
}
