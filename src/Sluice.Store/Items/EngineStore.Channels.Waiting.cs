using Dapper;
using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private sealed class EntryRow
    {
        public string Data { get; set; } = "";
        public long Seq { get; set; }
        public long QueuedAt { get; set; }
        public long Awaiting { get; set; }
    }

    /// <summary>
    /// The rows waiting on a channel in the order their items reached notify, with the database's
    /// now. Only items still at the notify step count: a failed or cancelled item holds nothing up.
    /// </summary>
    public Task<(IReadOnlyList<OutboxEntry> Entries, DateTimeOffset Now)> WaitingOnAsync(
        string channel,
        int limit,
        CancellationToken ct
    ) =>
        ReadAsync<(IReadOnlyList<OutboxEntry>, DateTimeOffset)>(
            async (connection, now) =>
            {
                var rows = await connection.QueryAsync<EntryRow>(
                    new CommandDefinition(
                        """
                        SELECT i.data AS Data, o.seq AS Seq, o.created_at AS QueuedAt,
                               (SELECT COUNT(*) FROM outbox p
                                LEFT JOIN notify_channel pc ON pc.channel = p.channel
                                WHERE p.item_id = o.item_id AND p.phase < o.phase AND p.sent_at IS NULL
                                  AND p.rejected IS NULL AND pc.quarantined_at IS NULL) AS Awaiting
                        FROM outbox o JOIN item i ON i.item_id = o.item_id
                        WHERE o.channel = @channel AND o.sent_at IS NULL AND o.sending_at IS NULL
                          AND o.rejected IS NULL AND i.state = @state
                        ORDER BY o.seq, o.created_at, o.item_id
                        LIMIT @limit
                        """,
                        new
                        {
                            channel,
                            limit,
                            state = Names.Of(ItemState.Encoded),
                        },
                        cancellationToken: ct
                    )
                );
                return (
                    [
                        .. rows.Select(r => new OutboxEntry(
                            ItemJson.DeserializeItem(r.Data),
                            r.Seq,
                            Time(r.QueuedAt),
                            r.Awaiting > 0
                        )),
                    ],
                    Time(now)
                );
            },
            ct
        );
}
