namespace Sluice.Store.Sqlite;

/// <summary>The journal feed on SQLite: one writer at a time, so pos order is commit order.</summary>
public sealed partial class SqliteDialect
{
    public string FailedStepSql => "json_extract(i.data, '$.failure.step')";

    public string JournalFeedSql =>
        """
            SELECT 0 AS Tx, e.pos AS Pos, e.item_id AS ItemId, e.seq AS Seq, e.type AS Type,
                   e.payload AS Payload, e.at AS At, e.job_id AS JobId, e.node AS Node,
                   e.attempt AS Attempt, i.name AS Name, i.state AS State
            FROM item_event e JOIN item i ON i.item_id = e.item_id
            WHERE e.pos > @pos
            ORDER BY e.pos
            LIMIT @limit
            """;

    public string JournalHeadSql =>
        "SELECT 0 AS Tx, pos AS Pos FROM item_event ORDER BY pos DESC LIMIT 1";
}
