using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    /// <summary>
    /// Queues the item's announcements as it reaches the notify step: one row per channel, each
    /// numbered from its channel's counter. The counter row is locked until the transaction
    /// commits, so on every channel the numbers follow the order items reached notify.
    /// </summary>
    private async Task QueueAnnouncementsAsync(Tx tx, Item item)
    {
        foreach (var channel in policy.NotifyChannels)
        {
            var queued = await tx.ScalarAsync<long>(
                "SELECT COUNT(*) FROM outbox WHERE item_id = @id AND channel = @channel",
                new { id = item.Id.ToString(), channel }
            );
            if (queued > 0)
            {
                continue;
            }

            await tx.ExecuteAsync(EnsureChannelSql, new { channel, now = tx.Now });
            await tx.ExecuteAsync(
                "UPDATE notify_channel SET last_seq = last_seq + 1 WHERE channel = @channel",
                new { channel }
            );
            var seq = await tx.ScalarAsync<long>(
                "SELECT last_seq FROM notify_channel WHERE channel = @channel",
                new { channel }
            );
            await tx.ExecuteAsync(
                """
                INSERT INTO outbox(item_id, channel, created_at, seq, phase)
                VALUES (@id, @channel, @now, @seq, @phase)
                """,
                new
                {
                    id = item.Id.ToString(),
                    channel,
                    now = tx.Now,
                    seq,
                    phase = policy.RefreshChannels.Contains(channel) ? 0 : 1,
                }
            );
        }
    }

    /// <summary>The outbox follows the item's journal: a retried item's refused messages wait to be sent again.</summary>
    private static async Task ProjectOutboxAsync(Tx tx, ItemId id, ItemEvent e)
    {
        switch (e)
        {
            case NotificationSent sent:
                // The sender usually settled the row already; an older journal may not have.
                await tx.ExecuteAsync(
                    "UPDATE outbox SET sent_at = COALESCE(sent_at, @now) WHERE item_id = @id AND channel = @channel",
                    new
                    {
                        id = id.ToString(),
                        channel = sent.Channel,
                        now = tx.Now,
                    }
                );
                break;
            case RetryRequested:
                await tx.ExecuteAsync(
                    "UPDATE outbox SET rejected = NULL WHERE item_id = @id AND sent_at IS NULL",
                    new { id = id.ToString() }
                );
                break;
        }
    }

    private sealed class AnnouncementRow
    {
        public string Channel { get; set; } = "";
        public long? SentAt { get; set; }
        public long? SendingAt { get; set; }
        public long Unconfirmed { get; set; }
        public string? Rejected { get; set; }
        public string? LastError { get; set; }
        public string? Filtered { get; set; }
    }

    /// <summary>Where each of the item's announcements stands, refreshes first.</summary>
    public async Task<IReadOnlyList<Announcement>> AnnouncementsOfAsync(
        ItemId id,
        CancellationToken ct
    )
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await Dapper.SqlMapper.QueryAsync<AnnouncementRow>(
            connection,
            new Dapper.CommandDefinition(
                """
                SELECT channel AS Channel, sent_at AS SentAt, sending_at AS SendingAt,
                       unconfirmed AS Unconfirmed, rejected AS Rejected, last_error AS LastError,
                       filtered AS Filtered
                FROM outbox WHERE item_id = @id ORDER BY phase, channel
                """,
                new { id = id.ToString() },
                cancellationToken: ct
            )
        );
        return
        [
            .. rows.Select(r => new Announcement(
                r.Channel,
                r switch
                {
                    { SentAt: not null, Filtered: not null } => AnnouncementStatus.Filtered,
                    { SentAt: not null, Unconfirmed: not 0 } => AnnouncementStatus.Unconfirmed,
                    { SentAt: not null } => AnnouncementStatus.Sent,
                    { Rejected: not null } => AnnouncementStatus.Rejected,
                    { SendingAt: not null } => AnnouncementStatus.Sending,
                    _ => AnnouncementStatus.Waiting,
                },
                r.Filtered ?? r.Rejected ?? r.LastError
            )),
        ];
    }
}
