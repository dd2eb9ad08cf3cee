namespace Sluice.Store.Postgres;

/// <summary>
/// The journal feed on PostgreSQL: ordered by (inserting transaction, identity), and cut at
/// the oldest transaction still running, so an event that commits late is never skipped.
/// </summary>
public sealed partial class PostgresDialect
{
    public string FailedStepSql => "(i.data::jsonb #>> '{failure,step}')";

    public string JournalFeedSql =>
        """
            SELECT e.tx::text::bigint AS Tx, e.pos AS Pos, e.item_id AS ItemId, e.seq AS Seq,
                   e.type AS Type, e.payload AS Payload, e.at AS At, e.job_id AS JobId,
                   e.node AS Node, e.attempt AS Attempt, i.name AS Name, i.state AS State
            FROM item_event e JOIN item i ON i.item_id = e.item_id
            WHERE (e.tx, e.pos) > (@tx::text::xid8, @pos)
              AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY e.tx, e.pos
            LIMIT @limit
            """;

    public string JournalHeadSql =>
        """
            SELECT tx::text::bigint AS Tx, pos AS Pos FROM item_event
            WHERE tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx DESC, pos DESC
            LIMIT 1
            """;
}
