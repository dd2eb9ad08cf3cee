using Dapper;
using Sluice.Domain.Items;

namespace Sluice.Store;

/// <summary>
/// Sending on a channel. One job at a time in the whole cluster sends on a channel: the one
/// whose lease (job and fencing token) the channel row names, for as long as that job runs
/// under that token with its lease unexpired. That sender takes the channel's waiting rows in
/// order, marks a batch in flight (committed) before the request and settles it after; every
/// write is fenced by both its lease and its hold on the channel, so a sender that froze past
/// its lease changes nothing. Rows a dead sender left in flight may have gone out: the next
/// sender records them as unconfirmed (never sent again), or, for a channel whose requests may
/// be repeated (a library refresh), sends them again.
/// </summary>
public sealed partial class EngineStore
{
    private sealed class ChannelRow
    {
        public long? RetryAt { get; set; }
        public long? QuarantinedAt { get; set; }
        public string? QuarantineReason { get; set; }
        public string? LastError { get; set; }
        public long Failures { get; set; }
        public long HolderAlive { get; set; }
        public long? SenderJob { get; set; }
        public long? SenderToken { get; set; }
    }

    private const string EnsureChannelSql = """
        INSERT INTO notify_channel(channel, updated_at) VALUES (@channel, @now)
        ON CONFLICT (channel) DO NOTHING
        """;

    /// <summary>Makes this job the channel's sender, unless the channel waits or another job sends.</summary>
    public Task<ChannelTurn> TakeChannelAsync(
        JobLease lease,
        string channel,
        bool repeatable,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                var now = Time(tx.Now);
                if (!await FenceAsync(tx, lease, "running"))
                {
                    return new ChannelTurn(ChannelTurnResult.LeaseLost, now);
                }

                await tx.ExecuteAsync(EnsureChannelSql, new { channel, now = tx.Now });
                // Touch first: in PostgreSQL this locks the row, so two jobs cannot both see it free.
                await tx.ExecuteAsync(
                    "UPDATE notify_channel SET updated_at = @now WHERE channel = @channel",
                    new { channel, now = tx.Now }
                );
                var row = (
                    await tx.SingleOrDefaultAsync<ChannelRow>(
                        """
                        SELECT c.retry_at AS RetryAt, c.quarantined_at AS QuarantinedAt,
                               c.quarantine_reason AS QuarantineReason, c.last_error AS LastError,
                               c.failures AS Failures, c.sender_job AS SenderJob, c.sender_token AS SenderToken,
                               (SELECT COUNT(*) FROM job j
                                WHERE j.job_id = c.sender_job AND j.lease_token = c.sender_token
                                  AND j.state = 'running' AND j.lease_expires_at > @now) AS HolderAlive
                        FROM notify_channel c WHERE c.channel = @channel
                        """,
                        new { channel, now = tx.Now }
                    )
                )!;
                if (row.QuarantinedAt is not null)
                {
                    return new ChannelTurn(
                        ChannelTurnResult.Quarantined,
                        now,
                        Reason: row.QuarantineReason
                    );
                }

                if (row.RetryAt is { } retryAt && retryAt > tx.Now)
                {
                    return new ChannelTurn(
                        ChannelTurnResult.BackingOff,
                        now,
                        Time(retryAt),
                        row.LastError
                    );
                }

                var mine = row.SenderJob == lease.JobId && row.SenderToken == lease.Token;
                if (row.HolderAlive > 0 && !mine)
                {
                    return new ChannelTurn(ChannelTurnResult.Busy, now);
                }

                await tx.ExecuteAsync(
                    "UPDATE notify_channel SET sender_job = @jobId, sender_token = @token WHERE channel = @channel",
                    new
                    {
                        channel,
                        jobId = lease.JobId,
                        token = lease.Token,
                    }
                );
                await tx.ExecuteAsync(
                    repeatable
                        ? "UPDATE outbox SET sending_at = NULL, batch = NULL WHERE channel = @channel AND sending_at IS NOT NULL AND sent_at IS NULL"
                        : "UPDATE outbox SET sent_at = @now, unconfirmed = 1 WHERE channel = @channel AND sending_at IS NOT NULL AND sent_at IS NULL",
                    new { channel, now = tx.Now }
                );
                return new ChannelTurn(ChannelTurnResult.Granted, now);
            },
            ct
        );

    /// <summary>Lets go of the channel (a no-op when this job no longer holds it).</summary>
    public Task LetGoOfChannelAsync(JobLease lease, string channel, CancellationToken ct) =>
        WriteAsync(
            tx =>
                tx.ExecuteAsync(
                    """
                    UPDATE notify_channel SET sender_job = NULL, sender_token = NULL, updated_at = @now
                    WHERE channel = @channel AND sender_job = @jobId AND sender_token = @token
                    """,
                    new
                    {
                        channel,
                        jobId = lease.JobId,
                        token = lease.Token,
                        now = tx.Now,
                    }
                ),
            ct
        );

    /// <summary>Marks one send's rows in flight, committed before the request goes out.</summary>
    public Task<LeaseWrite> BeginBatchAsync(
        JobLease lease,
        string channel,
        string batch,
        IReadOnlyList<ItemId> items,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                if (!await SendsOnAsync(tx, lease, channel))
                {
                    return LeaseWrite.LeaseLost;
                }

                foreach (var item in items)
                {
                    var marked = await tx.ExecuteAsync(
                        """
                        UPDATE outbox SET sending_at = @now, batch = @batch, attempts = attempts + 1
                        WHERE item_id = @id AND channel = @channel
                          AND sent_at IS NULL AND sending_at IS NULL AND rejected IS NULL
                        """,
                        new
                        {
                            id = item.ToString(),
                            channel,
                            batch,
                            now = tx.Now,
                        }
                    );
                    if (marked != 1)
                    {
                        // Only the channel's sender marks rows, and it read them waiting.
                        throw new InvalidOperationException(
                            $"Outbox row {item} on {channel} was not waiting when batch {batch} began."
                        );
                    }
                }

                return LeaseWrite.Applied;
            },
            ct
        );

    /// <summary>Whether the job still runs under its lease and still is the channel's sender.</summary>
    private static async Task<bool> SendsOnAsync(Tx tx, JobLease lease, string channel) =>
        await FenceAsync(tx, lease, "running")
        && await tx.ScalarAsync<long>(
            "SELECT COUNT(*) FROM notify_channel WHERE channel = @channel AND sender_job = @jobId AND sender_token = @token",
            new
            {
                channel,
                jobId = lease.JobId,
                token = lease.Token,
            }
        ) == 1;
}
