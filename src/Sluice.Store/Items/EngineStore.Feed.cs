using Dapper;
using Sluice.Domain.Items;

namespace Sluice.Store;

/// <summary>One journal event as the live feed carries it, with the item's name and state now.</summary>
public sealed record FeedEntry(
    JournalCursor Cursor,
    ItemId ItemId,
    string Name,
    ItemState State,
    JournalEntry Entry
);

/// <summary>A job running somewhere in the cluster, with the progress its last heartbeat wrote.</summary>
public sealed record RunningJob(
    long JobId,
    ItemId ItemId,
    string Name,
    Step Step,
    string Queue,
    string? Node,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset? HeartbeatAt,
    string? Progress
);

/// <summary>How many journal events of one type fell into one time bucket.</summary>
public sealed record EventCount(DateTimeOffset BucketStart, string Type, long Count);

public sealed partial class EngineStore
{
    private sealed class FeedRow
    {
        public long Tx { get; set; }
        public long Pos { get; set; }
        public string ItemId { get; set; } = "";
        public long Seq { get; set; }
        public string Type { get; set; } = "";
        public string Payload { get; set; } = "";
        public long At { get; set; }
        public long? JobId { get; set; }
        public string? Node { get; set; }
        public long? Attempt { get; set; }
        public string Name { get; set; } = "";
        public string State { get; set; } = "";
    }

    private sealed class CursorRow
    {
        public long Tx { get; set; }
        public long Pos { get; set; }
    }

    /// <summary>The journal of every item after <paramref name="after"/>, oldest first, at most <paramref name="limit"/> events.</summary>
    public async Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(
        JournalCursor after,
        int limit,
        CancellationToken ct
    )
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await connection.QueryAsync<FeedRow>(
            new CommandDefinition(
                dialect.JournalFeedSql,
                new
                {
                    tx = after.Tx,
                    pos = after.Pos,
                    limit,
                },
                cancellationToken: ct
            )
        );
        return
        [
            .. rows.Select(r => new FeedEntry(
                new JournalCursor(r.Tx, r.Pos),
                ItemId.Parse(r.ItemId),
                r.Name,
                Names.ParseState(r.State),
                new JournalEntry(
                    (int)r.Seq,
                    r.Type,
                    ItemJson.DeserializeEvent(r.Payload),
                    Time(r.At),
                    r.JobId,
                    r.Node,
                    (int?)r.Attempt
                )
            )),
        ];
    }

    /// <summary>Where the feed ends now: a client starting here sees only what happens next.</summary>
    public async Task<JournalCursor> FeedHeadAsync(CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CursorRow>(
            new CommandDefinition(dialect.JournalHeadSql, cancellationToken: ct)
        );
        return row is null ? JournalCursor.Start : new JournalCursor(row.Tx, row.Pos);
    }

    private sealed class RunningJobRow
    {
        public long JobId { get; set; }
        public string ItemId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Step { get; set; } = "";
        public string Queue { get; set; } = "";
        public string? Node { get; set; }
        public long Attempt { get; set; }
        public long MaxAttempts { get; set; }
        public long? HeartbeatAt { get; set; }
        public string? Progress { get; set; }
    }

    /// <summary>Every job running in the cluster now, oldest claim first.</summary>
    public async Task<IReadOnlyList<RunningJob>> RunningJobsAsync(CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunningJobRow>(
            new CommandDefinition(
                """
                SELECT j.job_id AS JobId, j.item_id AS ItemId, i.name AS Name, j.step AS Step,
                       j.queue AS Queue, j.lease_owner AS Node, j.attempt AS Attempt,
                       j.max_attempts AS MaxAttempts, j.heartbeat_at AS HeartbeatAt, j.progress AS Progress
                FROM job j JOIN item i ON i.item_id = j.item_id
                WHERE j.state = 'running'
                ORDER BY j.job_id
                """,
                cancellationToken: ct
            )
        );
        return
        [
            .. rows.Select(r => new RunningJob(
                r.JobId,
                ItemId.Parse(r.ItemId),
                r.Name,
                Names.ParseStep(r.Step),
                r.Queue,
                r.Node,
                (int)r.Attempt,
                (int)r.MaxAttempts,
                r.HeartbeatAt is { } h ? Time(h) : null,
                r.Progress
            )),
        ];
    }

    /// <summary>Journal events of the given types since <paramref name="since"/>, counted per bucket of <paramref name="bucket"/>.</summary>
    public async Task<IReadOnlyList<EventCount>> CountEventsAsync(
        DateTimeOffset since,
        TimeSpan bucket,
        IReadOnlyCollection<string> types,
        CancellationToken ct
    )
    {
        var width = (long)bucket.TotalMilliseconds;
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Bucket, string Type, long Count)>(
            new CommandDefinition(
                """
                SELECT at / @width AS Bucket, type AS Type, COUNT(*) AS Count
                FROM item_event
                WHERE at >= @since
                GROUP BY at / @width, type
                """,
                new { width, since = since.ToUnixTimeMilliseconds() },
                cancellationToken: ct
            )
        );
        // A handful of types times the buckets: filtering here keeps one SQL text for both dialects.
        return
        [
            .. rows.Where(r => types.Contains(r.Type))
                .Select(r => new EventCount(Time(r.Bucket * width), r.Type, r.Count)),
        ];
    }
}
